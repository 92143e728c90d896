"""The authorization answer as TISS (RESPOSTA_SOLICITACAO / STATUS_AUTORIZACAO): maps an `Autorizacao` onto the
TISS engine's typed `AutorizacaoServico`, which `operadora.tiss.builders` writes as XML. The SOAP service (to come)
calls `services.solicitar_autorizacao(...)` and answers with `mensagem_resposta(...)`."""

import datetime

from operadora.tiss import builders, respostas
from operadora.tiss.guias import Beneficiario, Contratado, MotivoGlosa, PrestadorIdentificacao

from . import codigos
from .models import Autorizacao

ETAPA_AUTORIZACAO_PREVIA = "1"  # dm_etapasAutorizacao


def _motivo(codigo: str) -> MotivoGlosa:
    return MotivoGlosa(codigo_glosa=codigo, descricao_glosa=codigos.descricao(codigo)[:500] or None)


def resposta_autorizacao(autorizacao: Autorizacao, *, status: bool = False) -> respostas.AutorizacaoServico:
    """The typed answer (STATUS_AUTORIZACAO when `status`); items with their authorized quantity and reasons."""
    classe = respostas.StatusAutorizacao if status else respostas.AutorizacaoServico
    itens = list(autorizacao.itens.order_by("sequencial"))
    beneficiario = autorizacao.beneficiario
    credenciamento = autorizacao.prestador.credenciamentos.filter(operadora_id=autorizacao.operadora_id).first()
    motivos = sorted({i.codigo_negativa for i in itens if i.codigo_negativa} | (
        {autorizacao.codigo_negativa} if autorizacao.codigo_negativa else set()))
    if autorizacao.situacao == Autorizacao.Situacao.EXPIRADA:
        motivos = [codigos.SENHA_EXPIRADA]
    com_senha = autorizacao.com_senha
    return classe(
        numero_guia_prestador=autorizacao.numero_guia_prestador,
        numero_guia_operadora=autorizacao.numero_guia_operadora,
        data_autorizacao=autorizacao.data_autorizacao if com_senha else None,
        senha=autorizacao.senha or None,
        data_validade_senha=autorizacao.data_validade_senha if com_senha else None,
        tipo_etapa_autorizacao=ETAPA_AUTORIZACAO_PREVIA,
        beneficiario=Beneficiario(numero_carteira=beneficiario.carteira,
                                  atendimento_rn="S" if autorizacao.atendimento_rn else "N"),
        nome_beneficiario=beneficiario.nome[:70],
        nome_social_beneficiario=beneficiario.nome_social[:70] or None,
        prestador_autorizado=Contratado(codigo_prestador_na_operadora=credenciamento.codigo_na_operadora)
        if credenciamento else None,
        cnes_autorizado=autorizacao.prestador.cnes or None,
        status_solicitacao=autorizacao.status_tiss,
        motivos_negativa=tuple(motivos) if autorizacao.situacao in (
            Autorizacao.Situacao.NEGADA, Autorizacao.Situacao.EXPIRADA) else (),
        servicos_autorizados=tuple(
            respostas.ServicoAutorizado(
                sequencial_item=item.sequencial, codigo_tabela=item.codigo_tabela,
                codigo_procedimento=item.codigo, descricao_procedimento=(item.descricao or item.codigo)[:150],
                quantidade_solicitada=item.quantidade_solicitada,
                quantidade_autorizada=item.quantidade_autorizada or 0,
                motivos_negativa=(_motivo(item.codigo_negativa),) if item.codigo_negativa else (),
            )
            for item in itens
        ),
        observacao=(autorizacao.justificativa_decisao or "")[:1000] or None,
    )


def mensagem_resposta(autorizacao: Autorizacao, *, sequencial_transacao: str, versao: str = "4.03.00",
                      status: bool = False, momento: datetime.datetime | None = None) -> bytes:
    """The `mensagemTISS` bytes (hash written) answering a request or a status query."""
    operadora = autorizacao.operadora
    credenciamento = autorizacao.prestador.credenciamentos.filter(operadora_id=operadora.id).first()
    return builders.construir_mensagem(
        resposta_autorizacao(autorizacao, status=status), versao=versao, sequencial_transacao=sequencial_transacao,
        registro_ans=operadora.registro_ans, momento=momento, codificacao=operadora.codificacao_hash_envio,
        prestador=PrestadorIdentificacao(
            codigo_prestador_na_operadora=credenciamento.codigo_na_operadora if credenciamento else None),
    )
