"""Reads of the portal home. `acessar_mensagem` is THE way to reach an operator message: it must be of the chosen
operadora and addressed to everyone or to the user's provider; otherwise 404."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from operadora.accounts.acesso import ContextoPortal

from .atalhos import Atalho
from .models import LeituraMensagem, MensagemOperadora, UsoDeAtalho


def mensagens_do_portal(contexto: ContextoPortal) -> QuerySet[MensagemOperadora]:
    """The chosen operadora's messages for this provider, newest first, each with `lida` for this user."""
    destinadas = MensagemOperadora.prestadores.through.objects.filter(prestador_id=contexto.prestador.pk)
    return (
        MensagemOperadora.objects.filter(operadora=contexto.operadora)
        .filter(Q(para_todos=True) | Q(pk__in=destinadas.values("mensagemoperadora_id")))
        .annotate(lida=Exists(LeituraMensagem.objects.filter(mensagem=OuterRef("pk"), usuario=contexto.usuario)))
    )


def quantidade_nao_lidas(contexto: ContextoPortal) -> int:
    return mensagens_do_portal(contexto).exclude(leituras__usuario=contexto.usuario).count()


def acessar_mensagem(contexto: ContextoPortal, mensagem_id: int) -> MensagemOperadora:
    mensagem = mensagens_do_portal(contexto).filter(pk=mensagem_id).first()
    if mensagem is None:
        raise Http404("Mensagem não encontrada.")
    return mensagem


def servicos_mais_usados(contexto: ContextoPortal, atalhos: list[Atalho], *, quantos: int = 4) -> list[Atalho]:
    por_chave = {a.chave: a for a in atalhos}
    chaves = (UsoDeAtalho.objects.filter(usuario=contexto.usuario, chave__in=por_chave, acessos__gt=0)
              .order_by("-acessos", "-ultimo_acesso").values_list("chave", flat=True)[:quantos])
    return [por_chave[c] for c in chaves]
