"""The TISS messages billing answers with, built by the engine's builders: PROTOCOLO_RECEBIMENTO for a received
lote, ENVIO_LOTE_GUIAS for a typed lote (export) and ENVIO_ANEXO for a guide's OPME, quimioterapia, radioterapia
or situação inicial annex (export, one message per annex as the XSD demands)."""

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from operadora.registry.models import Credenciamento
from operadora.tiss import builders, respostas
from operadora.tiss import guias as t

from . import conversao, selectors
from .models import AnexoGuia, Guia, Lote, Protocolo


def _codigo_prestador(objeto: Lote | Guia) -> str:
    """The provider's code at the operadora of a lote or guide (its CPF/CNPJ without a credenciamento)."""
    credenciamento = Credenciamento.objects.filter(
        operadora_id=objeto.operadora_id, prestador_id=objeto.prestador_id
    ).first()
    return credenciamento.codigo_na_operadora if credenciamento else objeto.prestador.cpf_cnpj


def protocolo_recebimento_xml(protocolo: Protocolo) -> bytes:
    """PROTOCOLO_RECEBIMENTO of a protocol (the guides with their informed values)."""
    lote = protocolo.lote
    operadora = protocolo.operadora
    codigo = _codigo_prestador(lote)
    guias = (
        Guia.objects.filter(protocolo=protocolo)
        .order_by("id")
        .only(
            "numero_guia_prestador",
            "numero_guia_operadora",
            "carteira",
            "atendimento_rn",
            "data_atendimento",
            "valor_total",
        )
    )
    conteudo = respostas.ProtocoloRecebimento(
        registro_ans=operadora.registro_ans,
        prestador=t.Contratado(codigo_prestador_na_operadora=codigo),
        numero_lote=lote.numero,
        data_envio_lote=protocolo.recebido_em.date(),
        numero_protocolo=protocolo.numero,
        valor_total_protocolo=protocolo.valor_informado,
        guias=tuple(
            respostas.GuiaAnalisada(
                numero_guia_prestador=g.numero_guia_prestador,
                numero_guia_operadora=g.numero_guia_operadora or None,
                beneficiario=t.Beneficiario(
                    numero_carteira=g.carteira, atendimento_rn="S" if g.atendimento_rn else "N"
                ),
                data_realizacao=g.data_atendimento,
                valores=respostas.ValorTotal(
                    valor_processado=g.valor_total, valor_glosa=Decimal("0.00"), valor_liberado=g.valor_total
                ),
            )
            for g in guias
        ),
    )
    return builders.construir_mensagem(
        conteudo,
        versao=protocolo.versao_tiss or selectors.versao_tiss_atual(operadora),
        sequencial_transacao=protocolo.numero,
        registro_ans=operadora.registro_ans,
        prestador=t.PrestadorIdentificacao(codigo_prestador_na_operadora=codigo),
        codificacao=operadora.codificacao_hash_envio,
    )


def envio_lote_xml(lote: Lote) -> bytes:
    """The lote as a valid ENVIO_LOTE_GUIAS (typed guides rebuilt from the rows)."""
    operadora = lote.operadora
    codigo = _codigo_prestador(lote)
    guias = selectors.guias_com_itens(Guia.objects.filter(lote=lote).order_by("id"))
    lote_tiss = t.Lote.de_guias(
        lote.numero,
        [conversao.guia_tiss(g, registro_ans=operadora.registro_ans, codigo_prestador=codigo) for g in guias],
    )
    return builders.construir_lote_guias(
        lote_tiss,
        versao=lote.versao_tiss or selectors.versao_tiss_atual(operadora),
        sequencial_transacao=lote.numero,
        registro_ans=operadora.registro_ans,
        prestador=t.PrestadorIdentificacao(codigo_prestador_na_operadora=codigo),
        codificacao=operadora.codificacao_hash_envio,
    )


def envio_anexo_xml(anexo: AnexoGuia, *, codigo_prestador: str | None = None) -> bytes:
    """One clinical annex (OPME, quimioterapia, radioterapia, situação inicial) as a valid ENVIO_ANEXO
    (`loteAnexos`). The annex lote's number and the transaction's sequence are the annex's id, so the same annex
    always gives the same message."""
    guia = anexo.guia
    operadora = guia.operadora
    codigo = codigo_prestador or _codigo_prestador(guia)
    numero = str(anexo.pk)
    return builders.construir_mensagem(
        conversao.lote_anexos_tiss(anexo, numero_lote=numero, registro_ans=operadora.registro_ans),
        versao=guia.versao_tiss or selectors.versao_tiss_atual(operadora),
        sequencial_transacao=numero,
        registro_ans=operadora.registro_ans,
        prestador=t.PrestadorIdentificacao(codigo_prestador_na_operadora=codigo),
        codificacao=operadora.codificacao_hash_envio,
    )


def nome_do_envio_anexo(anexo: AnexoGuia) -> str:
    return f"anexo-{anexo.tipo}-guia-{anexo.guia.numero_guia_prestador or anexo.guia_id}-{anexo.pk}.xml"


@dataclass(frozen=True)
class Arquivo:
    nome: str
    tipo_conteudo: str
    conteudo: bytes


def anexos_do_lote(lote: Lote) -> Arquivo | None:
    """The ENVIO_ANEXO messages of a lote's annexes: the message itself when there is one, a ZIP with one file per
    annex when there are several (a TISS message carries one OPME/quimio/radio annex); None without annexes."""
    anexos = list(selectors.anexos_clinicos_do_lote(lote))
    if not anexos:
        return None
    codigo = _codigo_prestador(lote)
    mensagens = [(nome_do_envio_anexo(a), envio_anexo_xml(a, codigo_prestador=codigo)) for a in anexos]
    if len(mensagens) == 1:
        nome, conteudo = mensagens[0]
        return Arquivo(nome, "application/xml", conteudo)
    memoria = io.BytesIO()
    with zipfile.ZipFile(memoria, "w", zipfile.ZIP_DEFLATED) as arquivo_zip:
        for nome, conteudo in mensagens:
            arquivo_zip.writestr(nome, conteudo)
    return Arquivo(f"anexos-lote-{lote.numero}.zip", "application/zip", memoria.getvalue())
