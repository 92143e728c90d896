"""Writes of the portal: the operator publishes messages to its providers; a user reads them; tile usage."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from operadora.accounts.acesso import ContextoPortal
from operadora.core.auditoria import registrar
from operadora.core.erros import ErroDeNegocio
from operadora.registry.models import Credenciamento, Operadora, Prestador

from .models import LeituraMensagem, MensagemOperadora, UsoDeAtalho


class MensagemInvalida(ErroDeNegocio):
    mensagem_padrao = "Mensagem inválida."


@transaction.atomic
def publicar_mensagem(*, autor, operadora: Operadora, titulo: str, texto: str,
                      prestadores: Iterable[Prestador] | None, ip: str | None) -> MensagemOperadora:
    """To every provider of the operadora (`prestadores=None`) or to the ones listed, which must be credentialed
    with it."""
    titulo, texto = titulo.strip(), texto.strip()
    if not titulo or not texto:
        raise MensagemInvalida("Informe o título e o texto da mensagem.")
    escolhidos = list(prestadores or [])
    if prestadores is not None and not escolhidos:
        raise MensagemInvalida("Escolha ao menos um prestador, ou envie para todos.")
    credenciados = set(Credenciamento.objects.filter(operadora=operadora, prestador__in=escolhidos)
                       .values_list("prestador_id", flat=True))
    fora = [str(p) for p in escolhidos if p.pk not in credenciados]
    if fora:
        raise MensagemInvalida(f"Não credenciados com {operadora.nome_fantasia}: {', '.join(fora)}.")
    mensagem = MensagemOperadora.objects.create(operadora=operadora, titulo=titulo, texto=texto,
                                                para_todos=prestadores is None, publicada_por=autor)
    if escolhidos:
        mensagem.prestadores.set(escolhidos)
    registrar(acao="mensagem.publicada", usuario=autor, objeto=mensagem, ip=ip,
              descricao=f"Mensagem aos prestadores: {titulo}",
              detalhes={"operadora": operadora.registro_ans, "para_todos": mensagem.para_todos,
                        "prestadores": sorted(credenciados)})
    return mensagem


def marcar_como_lida(*, contexto: ContextoPortal, mensagem: MensagemOperadora) -> None:
    """`mensagem` comes from `selectors.acessar_mensagem`. Idempotent (unique reading per user)."""
    LeituraMensagem.objects.bulk_create([LeituraMensagem(mensagem=mensagem, usuario=contexto.usuario)],
                                        ignore_conflicts=True)


def registrar_uso_de_atalho(*, usuario, chave: str) -> None:
    agora = timezone.now()
    atualizados = UsoDeAtalho.objects.filter(usuario=usuario, chave=chave).update(acessos=F("acessos") + 1,
                                                                                  ultimo_acesso=agora)
    if not atualizados:
        UsoDeAtalho.objects.bulk_create([UsoDeAtalho(usuario=usuario, chave=chave, acessos=1, ultimo_acesso=agora)],
                                        ignore_conflicts=True)
