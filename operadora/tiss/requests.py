"""Pedidos que o prestador faz à operadora pelos web services TISS (prestadorParaOperadora), tipados.

Cada classe diz o elemento que a carrega numa `mensagemTISS` (`ELEMENTO`) e, quando difere, no elemento
`*WS` do SOAP (`ELEMENTO_WS`). O envio de lote de guias é `guias.Lote`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from .guias import Beneficiario, Contratado, Profissional
from .mapeamento import campo, linha_de_origem, lista, obrigatorio


@dataclass(frozen=True, kw_only=True, slots=True)
class ProcedimentoSolicitado:
    codigo_tabela: str = obrigatorio("procedimento/codigoTabela")
    codigo_procedimento: str = obrigatorio("procedimento/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procedimento/descricaoProcedimento")
    quantidade_solicitada: int = obrigatorio("quantidadeSolicitada")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoSPSADT:
    """`ctm_sp-sadtSolicitacaoGuia`."""

    registro_ans: str = obrigatorio("cabecalhoSolicitacao/registroANS")
    numero_guia_prestador: str = obrigatorio("cabecalhoSolicitacao/numeroGuiaPrestador")
    numero_guia_principal: str | None = campo("numeroGuiaPrincipal")
    ausencia_cod_validacao: str | None = campo("ausenciaCodValidacao")
    cod_validacao: str | None = campo("codValidacao")
    tipo_etapa_autorizacao: str = obrigatorio("tipoEtapaAutorizacao")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    contratado_solicitante: Contratado = obrigatorio("dadosSolicitante/contratadoSolicitante")
    nome_contratado_solicitante: str = obrigatorio("dadosSolicitante/nomeContratadoSolicitante")
    profissional_solicitante: Profissional = obrigatorio("dadosSolicitante/profissionalSolicitante")
    carater_atendimento: str = obrigatorio("caraterAtendimento")
    data_solicitacao: datetime.date = obrigatorio("dataSolicitacao")
    indicacao_clinica: str | None = campo("indicacaoClinica")
    cobertura_especial: str | None = campo("coberturaEspecial")
    procedimentos: tuple[ProcedimentoSolicitado, ...] = lista("procedimentosSolicitados")
    executante_codigo_na_operadora: str | None = campo("dadosExecutante/codigonaOperadora")
    executante_cnes: str | None = campo("dadosExecutante/CNES")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoInternacao:
    """`ctm_internacaoSolicitacaoGuia`."""

    registro_ans: str = obrigatorio("registroANS")
    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    ausencia_cod_validacao: str | None = campo("ausenciaCodValidacao")
    cod_validacao: str | None = campo("codValidacao")
    tipo_etapa_autorizacao: str = obrigatorio("tipoEtapaAutorizacao")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    contratado_solicitante: Contratado = obrigatorio("identificacaoSolicitante/dadosDoContratado")
    profissional_solicitante: Profissional = obrigatorio(
        "identificacaoSolicitante/dadosProfissionalContratado"
    )
    hospital_codigo_na_operadora: str = obrigatorio("dadosHospitalSolicitado/codigoIndicadonaOperadora")
    hospital_nome: str = obrigatorio("dadosHospitalSolicitado/nomeContratadoIndicado")
    data_sugerida_internacao: datetime.date = obrigatorio("dadosHospitalSolicitado/dataSugeridaInternacao")
    carater_atendimento: str = obrigatorio("dadosInternacao/caraterAtendimento")
    tipo_internacao: str = obrigatorio("dadosInternacao/tipoInternacao")
    regime_internacao: str = obrigatorio("dadosInternacao/regimeInternacao")
    qt_diarias_solicitadas: int = obrigatorio("dadosInternacao/qtDiariasSolicitadas")
    indicador_opme: str = obrigatorio("dadosInternacao/indicadorOPME")
    indicador_quimio: str = obrigatorio("dadosInternacao/indicadorQuimio")
    indicacao_clinica: str = obrigatorio("dadosInternacao/indicacaoClinica")
    diagnosticos: tuple[str, ...] = lista("hipotesesDiagnosticas/diagnosticoCID")
    indicador_acidente: str = obrigatorio("hipotesesDiagnosticas/indicadorAcidente")
    procedimentos: tuple[ProcedimentoSolicitado, ...] = lista("procedimentosSolicitados")
    data_solicitacao: datetime.date = obrigatorio("dataSolicitacao")
    observacao: str | None = campo("observacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoProcedimento:
    """`ct_solicitacaoProcedimento` (SOLICITACAO_PROCEDIMENTOS): autorização prévia.

    Tipados: SP/SADT e internação. Prorrogação, odontologia e os anexos clínicos (quimio, radio, OPME) ficam
    disponíveis como o elemento XML em `MensagemTiss.conteudo_xml` até que o módulo de autorizações os use.
    """

    ELEMENTO: ClassVar[str] = "solicitacaoProcedimento"
    ELEMENTO_WS: ClassVar[str] = "solicitacaoProcedimento"
    TRANSACAO: ClassVar[str] = "SOLICITACAO_PROCEDIMENTOS"

    sp_sadt: SolicitacaoSPSADT | None = campo("solicitacaoSP-SADT")
    internacao: SolicitacaoInternacao | None = campo("solicitacaoInternacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class VerificacaoElegibilidade:
    """`ct_elegibilidadeVerifica` (VERIFICA_ELEGIBILIDADE)."""

    ELEMENTO: ClassVar[str] = "verificaElegibilidade"
    ELEMENTO_WS: ClassVar[str] = "pedidoElegibilidade"
    TRANSACAO: ClassVar[str] = "VERIFICA_ELEGIBILIDADE"

    prestador: Contratado = obrigatorio("dadosPrestador")
    numero_carteira: str = obrigatorio("numeroCarteira")
    tipo_ident: str | None = campo("tipoIdent")
    identificador_beneficiario: str | None = campo("identificadorBeneficiario")
    validade_carteira: datetime.date | None = campo("validadeCarteira")
    ausencia_cod_validacao: str | None = campo("ausenciaCodValidacao")
    cod_validacao: str | None = campo("codValidacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoStatusProtocolo:
    """`ct_protocoloSolicitacaoStatus` (SOLIC_STATUS_PROTOCOLO)."""

    ELEMENTO: ClassVar[str] = "solicitacaoStatusProtocolo"
    ELEMENTO_WS: ClassVar[str] = "solicitacaoStatusProtocolo"
    TRANSACAO: ClassVar[str] = "SOLIC_STATUS_PROTOCOLO"

    prestador: Contratado = obrigatorio("dadosPrestador")
    numero_protocolo: str = obrigatorio("numeroProtocolo")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoStatusRecursoGlosa(SolicitacaoStatusProtocolo):
    """O mesmo `ct_protocoloSolicitacaoStatus`, para o protocolo de um recurso (SOLIC_STATUS_RECURSO_GLOSA)."""

    ELEMENTO = "solicitacaoStatusRecursoGlosa"
    ELEMENTO_WS = "solicitacaoStatusProtocoloRecurso"
    TRANSACAO = "SOLIC_STATUS_RECURSO_GLOSA"


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoStatusAutorizacao:
    """`ct_autorizacaoSolicitaStatus` (SOLICITA_STATUS_AUTORIZACAO)."""

    ELEMENTO: ClassVar[str] = "solicitaStatusAutorizacao"
    ELEMENTO_WS: ClassVar[str] = "solicitacaoStatusAutorizacao"
    TRANSACAO: ClassVar[str] = "SOLICITA_STATUS_AUTORIZACAO"

    registro_ans: str = obrigatorio("identificacaoSolicitacao/registroANS")
    numero_guia_prestador: str = obrigatorio("identificacaoSolicitacao/numeroGuiaPrestador")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    contratado: Contratado = obrigatorio("dadosContratado")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoDemonstrativo:
    """`ct_demonstrativoSolicitacao` (SOLIC_DEMONSTRATIVO_RETORNO): de pagamento ou de análise de conta."""

    ELEMENTO: ClassVar[str] = "solicitacaoDemonstrativoRetorno"
    ELEMENTO_WS: ClassVar[str] = "solicitacaoDemonstrativoRetorno"
    TRANSACAO: ClassVar[str] = "SOLIC_DEMONSTRATIVO_RETORNO"

    pagamento_prestador: Contratado | None = campo("demonstrativoPagamento/dadosPrestador")
    pagamento_data_solicitacao: datetime.date | None = campo("demonstrativoPagamento/dataSolicitacao")
    tipo_demonstrativo: str | None = campo("demonstrativoPagamento/tipoDemonstrativo")
    data_pagamento: datetime.date | None = campo("demonstrativoPagamento/periodo/dataPagamento")
    competencia: str | None = campo("demonstrativoPagamento/periodo/competencia")
    analise_prestador: Contratado | None = campo("demonstrativoAnalise/dadosPrestador")
    analise_data_solicitacao: datetime.date | None = campo("demonstrativoAnalise/dataSolicitacao")
    protocolos: tuple[str, ...] = lista("demonstrativoAnalise/protocolos/numeroProtocolo")

    @property
    def e_de_pagamento(self) -> bool:
        return self.pagamento_prestador is not None


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaACancelar:
    tipo_guia: str = obrigatorio("tipoGuia")
    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    numero_protocolo: str | None = campo("numeroProtocolo")


@dataclass(frozen=True, kw_only=True, slots=True)
class CancelamentoGuia:
    """`ct_guiaCancelamento` (CANCELA_GUIA): um lote inteiro ou guias."""

    ELEMENTO: ClassVar[str] = "cancelaGuia"
    ELEMENTO_WS: ClassVar[str] = "cancelaGuia"
    TRANSACAO: ClassVar[str] = "CANCELA_GUIA"

    prestador: Contratado = obrigatorio("dadosPrestador")
    numero_lote: str | None = campo("tipoCancelamento/tipoCancelamentoLote/numeroLote")
    numero_protocolo: str | None = campo("tipoCancelamento/tipoCancelamentoLote/numeroProtocolo")
    guias: tuple[GuiaACancelar, ...] = lista("tipoCancelamento/tipoCancelamentoGuia")


@dataclass(frozen=True, kw_only=True, slots=True)
class ItemRecursado:
    """`itensGuia` de um recurso de glosa médico."""

    sequencial_item: int = obrigatorio("sequencialItem")
    data_inicio: datetime.date = obrigatorio("dataInicio")
    data_fim: datetime.date | None = campo("dataFim")
    codigo_tabela: str = obrigatorio("procRecurso/codigoTabela")
    codigo_procedimento: str = obrigatorio("procRecurso/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procRecurso/descricaoProcedimento")
    grau_participacao: str | None = campo("grauParticipacao")
    centro_consumo: str | None = campo("centroConsumo", desde="4.03.00")
    cod_glosa_item: str = obrigatorio("codGlosaItem")
    valor_recursado: Decimal = obrigatorio("valorRecursado")
    justificativa_item: str = obrigatorio("justificativaItem")
    linha: int | None = linha_de_origem()


@dataclass(frozen=True, kw_only=True, slots=True)
class RecursoGuiaCompleta:
    cod_glosa_guia: str = obrigatorio("codGlosaGuia")
    justificativa_guia: str = obrigatorio("justificativaGuia")


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaRecursada:
    numero_guia_origem: str = obrigatorio("numeroGuiaOrigem")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    senha: str | None = campo("senha")
    recursos_guia_completa: tuple[RecursoGuiaCompleta, ...] = lista("opcaoRecursoGuia/recursoGuiaCompleta")
    itens: tuple[ItemRecursado, ...] = lista("opcaoRecursoGuia/itensGuia")


@dataclass(frozen=True, kw_only=True, slots=True)
class RecursoGlosa:
    """`ctm_recursoGlosa` (RECURSO_GLOSA), o recurso médico-hospitalar; o odontológico não está tipado."""

    ELEMENTO: ClassVar[str] = "recursoGlosa/guiaRecursoGlosa"
    ELEMENTO_WS: ClassVar[str] = "loteRecurso/guiaRecursoGlosa"
    TRANSACAO: ClassVar[str] = "RECURSO_GLOSA"

    registro_ans: str = obrigatorio("registroANS")
    numero_guia_rec_glosa_prestador: str = obrigatorio("numeroGuiaRecGlosaPrestador")
    nome_operadora: str = obrigatorio("nomeOperadora")
    objeto_recurso: str = obrigatorio("objetoRecurso")
    numero_guia_rec_glosa_operadora: str | None = campo("numeroGuiaRecGlosaOperadora")
    contratado: Contratado = obrigatorio("dadosContratado")
    numero_lote: str = obrigatorio("numeroLote")
    numero_protocolo: str = obrigatorio("numeroProtocolo")
    codigo_glosa_protocolo: str | None = campo("opcaoRecurso/recursoProtocolo/codigoGlosaProtocolo")
    justificativa_protocolo: str | None = campo("opcaoRecurso/recursoProtocolo/justificativaProtocolo")
    guias: tuple[GuiaRecursada, ...] = lista("opcaoRecurso/recursoGuia")
    valor_total_recursado: Decimal = obrigatorio("valorTotalRecursado")
    data_recurso: datetime.date = obrigatorio("dataRecurso")


@dataclass(frozen=True, kw_only=True, slots=True)
class EnvioDocumento:
    """`ct_envioDocumentos` (ENVIO_DOCUMENTO): um documento (base64) ligado a lote, protocolo ou guia."""

    ELEMENTO: ClassVar[str] = "envioDocumentos"
    ELEMENTO_WS: ClassVar[str] = "envioDOcumento"
    TRANSACAO: ClassVar[str] = "ENVIO_DOCUMENTO"

    numero_lote: str | None = campo("numeroLote")
    numero_protocolo: str | None = campo("numeroProtocolo")
    numero_guia_prestador: str | None = campo("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    numero_documento: str = obrigatorio("numeroDocumento")
    natureza_guia: str = obrigatorio("naturezaGuia")
    formato_documento: str = obrigatorio("formatoDocumento")
    seq_referencia_item: int | None = campo("seqReferenciaItem")
    documento: str = obrigatorio("documento")
    tipo_documento: str = obrigatorio("tipoDocumento")
    observacao: str | None = campo("observacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class DenteAnexo:
    elemento_dentario: str = obrigatorio("elementoDentario")
    condicao_clinica: str = obrigatorio("condicaoClinica")


@dataclass(frozen=True, kw_only=True, slots=True)
class AnexoSituacaoInicial:
    """`cto_anexoSituacaoInicial`: odontograma inicial enviado em lote de anexos."""

    registro_ans: str = obrigatorio("registroANS")
    numero_guia_anexo: str = obrigatorio("numeroGuiaAnexo")
    numero_guia_referenciada: str = obrigatorio("numeroGuiaReferenciada")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    numero_carteira: str = obrigatorio("numeroCarteira")
    dentes: tuple[DenteAnexo, ...] = lista("ct_situacaoInicial/situacaoClinica/dentes")
    doenca_periodontal: str = obrigatorio("ct_situacaoInicial/doencaPeriodontal")
    alteracao_tecido_mole: str = obrigatorio("ct_situacaoInicial/alteracaoTecidoMole")
    observacao: str | None = campo("ct_situacaoInicial/observacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class LoteAnexos:
    """`ct_anexoLote` (ENVIO_ANEXO). Tipados: anexos de situação inicial; os de quimio, radio e OPME ficam no
    XML (`MensagemTiss.conteudo_xml`)."""

    ELEMENTO: ClassVar[str] = "loteAnexos"
    ELEMENTO_WS: ClassVar[str] = "loteAnexo"
    TRANSACAO: ClassVar[str] = "ENVIO_ANEXO"

    numero_lote: str = obrigatorio("numeroLote")
    anexos_situacao_inicial: tuple[AnexoSituacaoInicial, ...] = lista("AnexosGuiasTISS/anexoSituacaoInicial")


PEDIDOS: tuple[type, ...] = (
    SolicitacaoProcedimento,
    VerificacaoElegibilidade,
    SolicitacaoStatusProtocolo,
    SolicitacaoStatusRecursoGlosa,
    SolicitacaoStatusAutorizacao,
    SolicitacaoDemonstrativo,
    CancelamentoGuia,
    RecursoGlosa,
    EnvioDocumento,
    LoteAnexos,
)
