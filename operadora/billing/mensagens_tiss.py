"""The TISS messages billing answers with, built by the engine's builders: PROTOCOLO_RECEBIMENTO for a received
lote and ENVIO_LOTE_GUIAS for a typed lote (export)."""

from decimal import Decimal

from operadora.registry.models import Credenciamento
from operadora.tiss import builders, respostas
from operadora.tiss import guias as t

from . import conversao, selectors
from .models import Guia, Lote, Protocolo


def _codigo_prestador(lote: Lote) -> str:
    credenciamento = Credenciamento.objects.filter(
        operadora_id=lote.operadora_id, prestador_id=lote.prestador_id
    ).first()
    return credenciamento.codigo_na_operadora if credenciamento else lote.prestador.cpf_cnpj


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
