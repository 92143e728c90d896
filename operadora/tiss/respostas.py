"""O que a operadora envia ao prestador (operadoraParaPrestador), tipado para os builders.

Cada classe diz a transação (`TRANSACAO`, de `dm_tipoTransacao`) e o caminho do elemento numa `mensagemTISS`
(`ELEMENTO`) e no elemento `*WS` do SOAP (`ELEMENTO_WS`). Os campos seguem a ordem do XSD.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from .guias import Beneficiario, Contratado, ItemExecutado, MotivoGlosa
from .mapeamento import campo, lista, obrigatorio


@dataclass(frozen=True, kw_only=True, slots=True)
class ValorTotal:
    """`ct_valorTotal`."""

    valor_processado: Decimal = obrigatorio("valorProcessado")
    valor_glosa: Decimal = obrigatorio("valorGlosa")
    valor_liberado: Decimal = obrigatorio("valorLiberado")


@dataclass(frozen=True, kw_only=True, slots=True)
class ItemAnalisado(ItemExecutado):
    """`procedimentoRealizado` de `ct_guiaDados`: um item como a operadora o processou."""

    unidade_medida: str | None = campo("unidadeMedida")
    quantidade_executada: Decimal = obrigatorio("quantidadeExecutada")
    via_acesso: str | None = campo("viaAcesso")
    tecnica_utilizada: str | None = campo("tecnicaUtilizada")
    valor_unitario: Decimal = obrigatorio("valorUnitario")
    valor_total: Decimal = obrigatorio("valorTotal")
    centro_consumo: str | None = campo("centroConsumo", desde="4.03.00")
    codigo_despesa: str | None = campo("codigoDespesa")
    fator_reducao_acrescimo: Decimal | None = campo("fatorReducaoAcrescimo")
    glosas: tuple[MotivoGlosa, ...] = lista("glosasProcedimento/motivoGlosa")
    valor_glosa_procedimento: Decimal | None = campo("glosasProcedimento/valorGlosaProcedimento")


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaAnalisada:
    """`ct_guiaDados`: a guia num protocolo de recebimento ou na situação de um protocolo."""

    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    ausencia_cod_validacao: str | None = campo("ausenciaCodValidacao")
    cod_validacao: str | None = campo("codValidacao")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    data_realizacao: datetime.date | None = campo("dataRealizacao")
    valores: ValorTotal | None = campo("vlInformadoGuia")
    glosas: tuple[MotivoGlosa, ...] = lista("glosaGuia/motivoGlosa")
    itens: tuple[ItemAnalisado, ...] = lista("procedimentosRealizados/procedimentoRealizado")


# --- recebimento de lote ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ProtocoloRecebimento:
    """`ct_protocoloRecebimento` (PROTOCOLO_RECEBIMENTO): o protocolo dado a um lote recebido."""

    TRANSACAO: ClassVar[str] = "PROTOCOLO_RECEBIMENTO"
    ELEMENTO: ClassVar[str] = "recebimentoLote/protocoloRecebimento"
    ELEMENTO_WS: ClassVar[str] = "recebimentoLote/protocoloRecebimento"

    registro_ans: str = obrigatorio("registroANS")
    prestador: Contratado = obrigatorio("dadosPrestador")
    numero_lote: str = obrigatorio("numeroLote")
    data_envio_lote: datetime.date = obrigatorio("dataEnvioLote")
    numero_protocolo: str = obrigatorio("detalheProtocolo/numeroProtocolo")
    valor_total_protocolo: Decimal = obrigatorio("detalheProtocolo/valorTotalProtocolo")
    glosas_protocolo: tuple[MotivoGlosa, ...] = lista(
        "detalheProtocolo/glosaProtocolo/motivosGlosa/motivoGlosa"
    )
    valor_glosa_protocolo: Decimal | None = campo("detalheProtocolo/glosaProtocolo/vlGlosaProtocolo")
    guias: tuple[GuiaAnalisada, ...] = lista("detalheProtocolo/dadosGuiasProtocolo/dadosGuias")


@dataclass(frozen=True, kw_only=True, slots=True)
class RecusaLote(MotivoGlosa):
    """`recebimentoLote/mensagemErro`: o lote foi recusado inteiro (ex.: 5014, hash inválido)."""

    TRANSACAO: ClassVar[str] = "PROTOCOLO_RECEBIMENTO"
    ELEMENTO: ClassVar[str] = "recebimentoLote/mensagemErro"
    ELEMENTO_WS: ClassVar[str] = "recebimentoLote/mensagemErro"


# --- situação de protocolo -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class SituacaoProtocolo:
    """`ct_protocoloStatus` (SITUACAO_PROTOCOLO)."""

    TRANSACAO: ClassVar[str] = "SITUACAO_PROTOCOLO"
    ELEMENTO: ClassVar[str] = "situacaoProtocolo/situacaoDoProtocolo"
    ELEMENTO_WS: ClassVar[str] = "situacaoProtocolo/situacaoDoProtocolo"

    registro_ans: str = obrigatorio("identificacaoOperadora")
    prestador: Contratado = obrigatorio("dadosPrestador")
    status_protocolo: str | None = campo("lote/detalheLote/statusProtocolo")
    numero_protocolo: str | None = campo("lote/detalheLote/numeroProtocolo")
    numero_lote: str | None = campo("lote/detalheLote/numeroLote")
    data_envio_lote: datetime.date | None = campo("lote/detalheLote/dataEnvioLote")
    valor_total_lote: ValorTotal | None = campo("lote/detalheLote/valorTotalLote")
    guias: tuple[GuiaAnalisada, ...] = lista("lote/detalheLote/guiasTISS/guiasMedicas[]/guias")
    erro: MotivoGlosa | None = campo("lote/mensagemErro")


# --- demonstrativos --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class CabecalhoDemonstrativo:
    """`ct_demonstrativoCabecalho`."""

    registro_ans: str = obrigatorio("registroANS")
    numero_demonstrativo: str = obrigatorio("numeroDemonstrativo")
    nome_operadora: str = obrigatorio("nomeOperadora")
    numero_cnpj: str = obrigatorio("numeroCNPJ")
    data_emissao: datetime.date = obrigatorio("dataEmissao")


@dataclass(frozen=True, kw_only=True, slots=True)
class GlosaItem:
    valor_glosa: Decimal = obrigatorio("valorGlosa")
    tipo_glosa: str = obrigatorio("tipoGlosa")


@dataclass(frozen=True, kw_only=True, slots=True)
class ItemDemonstrativo:
    """`detalhesGuia` do demonstrativo de análise de conta."""

    sequencial_item: int = obrigatorio("sequencialItem")
    data_realizacao: datetime.date = obrigatorio("dataRealizacao")
    codigo_tabela: str = obrigatorio("procedimento/codigoTabela")
    codigo_procedimento: str = obrigatorio("procedimento/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procedimento/descricaoProcedimento")
    grau_participacao: str | None = campo("grauParticipacao")
    valor_informado: Decimal = obrigatorio("valorInformado")
    qtd_executada: Decimal = obrigatorio("qtdExecutada")
    valor_processado: Decimal = obrigatorio("valorProcessado")
    valor_liberado: Decimal = obrigatorio("valorLiberado")
    glosas: tuple[GlosaItem, ...] = lista("relacaoGlosa")
    centro_consumo: str | None = campo("centroConsumo", desde="4.03.00")


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaDemonstrativo:
    """`relacaoGuias` do demonstrativo de análise de conta."""

    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    senha: str | None = campo("senha")
    numero_carteira: str = obrigatorio("numeroCarteira")
    data_inicio_fat: datetime.date = obrigatorio("dataInicioFat")
    hora_inicio_fat: datetime.time | None = campo("horaInicioFat")
    data_fim_fat: datetime.date | None = campo("dataFimFat")
    hora_fim_fat: datetime.time | None = campo("horaFimFat")
    glosas: tuple[MotivoGlosa, ...] = lista("motivoGlosaGuia")
    situacao_guia: str = obrigatorio("situacaoGuia")
    itens: tuple[ItemDemonstrativo, ...] = lista("detalhesGuia")
    valor_informado_guia: Decimal = obrigatorio("valorInformadoGuia")
    valor_processado_guia: Decimal = obrigatorio("valorProcessadoGuia")
    valor_liberado_guia: Decimal = obrigatorio("valorLiberadoGuia")
    valor_glosa_guia: Decimal | None = campo("valorGlosaGuia")
    observacao: str | None = campo("observacao", desde="4.03.00")


@dataclass(frozen=True, kw_only=True, slots=True)
class ProtocoloDemonstrativo:
    """`dadosProtocolo` do demonstrativo de análise de conta."""

    numero_lote_prestador: str = obrigatorio("numeroLotePrestador")
    numero_protocolo: str = obrigatorio("numeroProtocolo")
    data_protocolo: datetime.date = obrigatorio("dataProtocolo")
    glosa_protocolo: MotivoGlosa | None = campo("GlosaProtocolo")
    situacao_protocolo: str = obrigatorio("situacaoProtocolo")
    guias: tuple[GuiaDemonstrativo, ...] = lista("relacaoGuias")
    valor_informado_protocolo: Decimal = obrigatorio("valorInformadoProtocolo")
    valor_processado_protocolo: Decimal = obrigatorio("valorProcessadoProtocolo")
    valor_liberado_protocolo: Decimal = obrigatorio("valorLiberadoProtocolo")
    valor_glosa_protocolo: Decimal | None = campo("valorGlosaProtocolo")


@dataclass(frozen=True, kw_only=True, slots=True)
class DemonstrativoAnaliseConta:
    """`ctm_demonstrativoAnaliseConta` (DEMONSTRATIVO_ANALISE_CONTA)."""

    TRANSACAO: ClassVar[str] = "DEMONSTRATIVO_ANALISE_CONTA"
    ELEMENTO: ClassVar[str] = "demonstrativosRetorno/demonstrativoAnaliseConta"
    ELEMENTO_WS: ClassVar[str] = "demonstrativoRetorno/demonstrativoAnaliseConta"

    cabecalho: CabecalhoDemonstrativo = obrigatorio("cabecalhoDemonstrativo")
    prestador: Contratado = obrigatorio("dadosPrestador/dadosContratado")
    cnes: str = obrigatorio("dadosPrestador/CNES")
    protocolos: tuple[ProtocoloDemonstrativo, ...] = lista("dadosConta/dadosProtocolo")
    valor_informado_geral: Decimal = obrigatorio("valorInformadoGeral")
    valor_processado_geral: Decimal = obrigatorio("valorProcessadoGeral")
    valor_liberado_geral: Decimal = obrigatorio("valorLiberadoGeral")
    valor_glosa_geral: Decimal | None = campo("valorGlosaGeral")
    observacao: str | None = campo("observacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class DebitoCredito:
    """`ct_descontos`."""

    indicador: str = obrigatorio("indicador")
    tipo_debito_credito: str = obrigatorio("tipoDebitoCredito")
    descricao_db_cr: str = obrigatorio("descricaoDbCr")
    valor_db_cr: Decimal = obrigatorio("valorDbCr")


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaPaga:
    """`guiasDoLote` do demonstrativo de pagamento."""

    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    senha: str | None = campo("senha")
    tipo_pagamento: str = obrigatorio("tipoPagamento")
    valor_processado_guia: Decimal = obrigatorio("valorProcessadoGuia")
    valor_liberado_guia: Decimal = obrigatorio("valorLiberadoGuia")
    valor_glosa_guia: Decimal | None = campo("valorGlosaGuia")


@dataclass(frozen=True, kw_only=True, slots=True)
class ProtocoloPago:
    """`ct_dadosResumoDemonstrativo`."""

    data_protocolo: datetime.date = obrigatorio("dataProtocolo")
    numero_protocolo: str = obrigatorio("numeroProtocolo")
    numero_lote: str = obrigatorio("numeroLote")
    valor_informado: Decimal = obrigatorio("valorInformado")
    valor_processado: Decimal = obrigatorio("valorProcessado")
    valor_liberado: Decimal = obrigatorio("valorLiberado")
    valor_glosa: Decimal | None = campo("valorGlosa")
    guias: tuple[GuiaPaga, ...] = lista("guiasDoLote")


@dataclass(frozen=True, kw_only=True, slots=True)
class PagamentoPorData:
    """`pagamentosPorData`."""

    data_pagamento: datetime.date = obrigatorio("dadosPagamento/dataPagamento")
    forma_pagamento: str = obrigatorio("dadosPagamento/formaPagamento")
    banco: str | None = campo("dadosPagamento/banco")
    agencia: str | None = campo("dadosPagamento/agencia")
    nr_conta_cheque: str | None = campo("dadosPagamento/nrContaCheque")
    protocolos: tuple[ProtocoloPago, ...] = lista("dadosResumo/relacaoProtocolos")
    total_informado: Decimal = obrigatorio("totaisBrutosPorData/totalInformadoPorData")
    total_processado: Decimal = obrigatorio("totaisBrutosPorData/totalProcessadoPorData")
    total_liberado: Decimal = obrigatorio("totaisBrutosPorData/totaLiberadoPorData")
    total_glosa: Decimal = obrigatorio("totaisBrutosPorData/totalGlosaPorData")
    debitos_creditos: tuple[DebitoCredito, ...] = lista("debitosCreditosPorData/debitosCreditos")
    total_debitos: Decimal = obrigatorio("totaisLiquidosPorData/totalDebitosPorData")
    total_creditos: Decimal = obrigatorio("totaisLiquidosPorData/totalCreditosPorData")
    liquido: Decimal = obrigatorio("totaisLiquidosPorData/liquidoPorData")


@dataclass(frozen=True, kw_only=True, slots=True)
class DemonstrativoPagamento:
    """`ctm_demonstrativoPagamento` (DEMONSTRATIVO_PAGAMENTO)."""

    TRANSACAO: ClassVar[str] = "DEMONSTRATIVO_PAGAMENTO"
    ELEMENTO: ClassVar[str] = "demonstrativosRetorno/demonstrativoPagamento"
    ELEMENTO_WS: ClassVar[str] = "demonstrativoRetorno/demonstrativoPagamento"

    cabecalho: CabecalhoDemonstrativo = obrigatorio("cabecalhoDemonstrativo")
    prestador: Contratado = obrigatorio("dadosContratado/dadosPrestador")
    cnes: str = obrigatorio("dadosContratado/CNES")
    pagamentos: tuple[PagamentoPorData, ...] = lista("pagamentos/pagamentosPorData")
    valor_informado_bruto: Decimal = obrigatorio(
        "totaisDemonstrativo/totaisBrutosDemonstrativo/valorInformadoBruto"
    )
    valor_processado_bruto: Decimal = obrigatorio(
        "totaisDemonstrativo/totaisBrutosDemonstrativo/valorProcessadoBruto"
    )
    valor_liberado_bruto: Decimal = obrigatorio(
        "totaisDemonstrativo/totaisBrutosDemonstrativo/valorLiberadoBruto"
    )
    valor_glosa_bruto: Decimal = obrigatorio("totaisDemonstrativo/totaisBrutosDemonstrativo/valorGlosaBruto")
    debitos_creditos: tuple[DebitoCredito, ...] = lista("totaisDemonstrativo/debitosCreditosDemonstrativo")
    total_debitos: Decimal = obrigatorio(
        "totaisDemonstrativo/totaisLiquidosDemonstrativo/totalDebitosDemonstrativo"
    )
    total_creditos: Decimal = obrigatorio(
        "totaisDemonstrativo/totaisLiquidosDemonstrativo/totalCreditosdemonstrativo"
    )
    valor_liberado: Decimal = obrigatorio(
        "totaisDemonstrativo/totaisLiquidosDemonstrativo/valorLiberadoDemonstrativo"
    )
    observacao: str | None = campo("observacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class ItemPagoOdonto:
    """`dadosPagamento` de uma guia no demonstrativo odontológico."""

    sequencial_item: int = obrigatorio("sequencialItem")
    codigo_tabela: str = obrigatorio("procedimento/codigoTabela")
    codigo_procedimento: str = obrigatorio("procedimento/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procedimento/descricaoProcedimento")
    cod_dente: str | None = campo("denteRegiao/codDente")
    cod_regiao: str | None = campo("denteRegiao/codRegiao")
    dente_face: str | None = campo("denteFace")
    data_realizacao: datetime.date = obrigatorio("dataRealizacao")
    qtd_proc: int = obrigatorio("qtdProc")
    valor_informado: Decimal = obrigatorio("valorInformado")
    valor_processado: Decimal = obrigatorio("valorProcessado")
    valor_glosa_estorno: Decimal = obrigatorio("valorGlosaEstorno")
    valor_franquia: Decimal = obrigatorio("valorFranquia")
    valor_liberado: Decimal = obrigatorio("valorLiberado")
    codigos_glosa: tuple[str, ...] = lista("codigosGlosa")


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaPagaOdonto:
    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    recurso: str = obrigatorio("recurso")
    nome_executante: str = obrigatorio("nomeExecutante")
    carteira_beneficiario: str = obrigatorio("carteiraBeneficiario")
    itens: tuple[ItemPagoOdonto, ...] = lista("dadosPagamento")
    observacao_guia: str | None = campo("observacaoGuia")
    valor_total_informado: Decimal = obrigatorio("valorTotalInformadoGuia")
    valor_total_processado: Decimal = obrigatorio("valorTotalProcessadoGuia")
    valor_total_glosa: Decimal = obrigatorio("valorTotalGlosaGuia")
    valor_total_franquia: Decimal = obrigatorio("valorTotalFranquiaGuia")
    valor_total_liberado: Decimal = obrigatorio("valorTotalLiberadoGuia")


@dataclass(frozen=True, kw_only=True, slots=True)
class ProtocoloPagoOdonto:
    numero_lote: str = obrigatorio("numeroLote")
    numero_protocolo: str = obrigatorio("numeroProtocolo")
    guias: tuple[GuiaPagaOdonto, ...] = lista("dadosPagamentoGuia")
    valor_total_informado: Decimal = obrigatorio("totaisPorProtocolo/valorTotalInformadoPorProtocolo")
    valor_total_processado: Decimal = obrigatorio("totaisPorProtocolo/valorTotalProcessadoPorProtocolo")
    valor_total_glosa: Decimal = obrigatorio("totaisPorProtocolo/valorTotalGlosaPorProtocolo")
    valor_total_franquia: Decimal = obrigatorio("totaisPorProtocolo/valorTotalFranquiaPorProtocolo")
    valor_total_liberado: Decimal = obrigatorio("totaisPorProtocolo/valorTotalLiberadoPorProtocolo")


@dataclass(frozen=True, kw_only=True, slots=True)
class PagamentoOdontoPorData:
    data_pagamento: datetime.date = obrigatorio("dadosPagamento/dataPagamento")
    banco: str | None = campo("dadosPagamento/banco")
    agencia: str | None = campo("dadosPagamento/agencia")
    conta: str | None = campo("dadosPagamento/conta")
    protocolos: tuple[ProtocoloPagoOdonto, ...] = lista("protocolos")
    valor_bruto_informado: Decimal = obrigatorio("totaisPorData/valorBrutonformadoPorData")
    valor_bruto_processado: Decimal = obrigatorio("totaisPorData/valorBrutoProcessadoPorData")
    valor_bruto_glosa: Decimal = obrigatorio("totaisPorData/valorBrutoGlosaPorData")
    valor_bruto_franquia: Decimal = obrigatorio("totaisPorData/valorBrutoFranquiaPorData")
    valor_bruto_liberado: Decimal = obrigatorio("totaisPorData/valorBrutoLiberadoPorData")
    descontos: tuple[DebitoCredito, ...] = lista("debCredPorDataPagamento/descontos")
    valor_total_debitos: Decimal = obrigatorio("totalLiquidoPorData/valorTotalDebitosPorData")
    valor_total_creditos: Decimal = obrigatorio("totalLiquidoPorData/valorTotalCreditosPorData")
    valor_final_a_receber: Decimal = obrigatorio("totalLiquidoPorData/valorFinalAReceberPorData")


@dataclass(frozen=True, kw_only=True, slots=True)
class DemonstrativoOdontologia:
    """`cto_demonstrativoOdontologia` (DEMONSTRATIVO_ODONTOLOGIA)."""

    TRANSACAO: ClassVar[str] = "DEMONSTRATIVO_ODONTOLOGIA"
    ELEMENTO: ClassVar[str] = "demonstrativosRetorno/demonstrativoPagamentoOdonto"
    ELEMENTO_WS: ClassVar[str] = "demonstrativoRetorno/demonstrativoPagamentoOdonto"

    registro_ans: str = obrigatorio("cabecalhoDemonstrativoOdonto/registroANS")
    numero_demonstrativo: str = obrigatorio("cabecalhoDemonstrativoOdonto/numeroDemonstrativo")
    nome_operadora: str = obrigatorio("cabecalhoDemonstrativoOdonto/nomeOperadora")
    cnpj_operadora: str = obrigatorio("cabecalhoDemonstrativoOdonto/cnpjOper")
    periodo_inicio: datetime.date = obrigatorio("cabecalhoDemonstrativoOdonto/periodoProc/datainicio")
    periodo_fim: datetime.date = obrigatorio("cabecalhoDemonstrativoOdonto/periodoProc/datafim")
    codigo_prestador: str = obrigatorio("dadosPrestador/codigoPrestador")
    cnpj_prestador: str | None = campo("dadosPrestador/cpfCNPJContratado/cnpjPrestador")
    cpf_contratado: str | None = campo("dadosPrestador/cpfCNPJContratado/cpfContratado")
    pagamentos: tuple[PagamentoOdontoPorData, ...] = lista("dadosPagamentoPorData")
    valor_informado: Decimal = obrigatorio("totaisBrutoDemonstrativo/valorInformadoPorDemonstrativoData")
    valor_processado: Decimal = obrigatorio("totaisBrutoDemonstrativo/valorlProcessadoPorDemonstrativo")
    valor_glosa: Decimal = obrigatorio("totaisBrutoDemonstrativo/valorlGlosaPorDemonstrativo")
    valor_franquia: Decimal = obrigatorio("totaisBrutoDemonstrativo/valoFranquiaPorDemonstrativo")
    valor_liberado: Decimal = obrigatorio("totaisBrutoDemonstrativo/valorLiberadoPorDemonstrativo")
    descontos: tuple[DebitoCredito, ...] = lista("debCredDemonstrativo/descontos")
    total_debitos: Decimal = obrigatorio("totalDebitosDemonstativo")
    total_creditos: Decimal = obrigatorio("totalCreditosDemonstrativo")
    valor_recebido: Decimal = obrigatorio("valorRecebidoDemonstrativo")
    observacao: str | None = campo("observacao")


# --- recurso de glosa ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class RecursoGlosaRecebido:
    """`ct_recursoGlosaRecebimento` (RECEBIMENTO_RECURSO_GLOSA): o protocolo dado a um recurso.

    Descreve o recurso por protocolo e o total; o detalhamento por guia (`guiasRecurso`) não está tipado.
    """

    TRANSACAO: ClassVar[str] = "RECEBIMENTO_RECURSO_GLOSA"
    ELEMENTO: ClassVar[str] = "recebimentoRecursoGlosa/protocoloRecebimento"
    ELEMENTO_WS: ClassVar[str] = "recebimentoRecurso/protocoloRecebimento"

    nr_protocolo_recurso_glosa: str = obrigatorio("nrProtocoloRecursoGlosa")
    data_envio_recurso: datetime.date = obrigatorio("dataEnvioRecurso")
    data_recebimento_recurso: datetime.date = obrigatorio("dataRecebimentoRecurso")
    numero_lote: str = obrigatorio("numeroLote")
    registro_ans: str = obrigatorio("registroANS")
    prestador: Contratado = obrigatorio("dadosPrestador")
    nr_protocolo_recursado: str = obrigatorio("nrProtocoloRecursado")
    codigo_glosa_protocolo: str | None = campo("recursoProtocolo/codigoGlosaProtocolo")
    justificativa_protocolo: str | None = campo("recursoProtocolo/justificativaProtocolo")
    qt_guias_recurso: int | None = campo("qtGuiasRecurso")
    observacao: str | None = campo("observacao")
    valor_total_recursado: Decimal = obrigatorio("valorTotalRecursado")


@dataclass(frozen=True, kw_only=True, slots=True)
class RespostaGuiaRecurso:
    """`ct_respostaGlosaGuiaMedica`: a decisão sobre a guia inteira."""

    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    senha: str | None = campo("senha")
    cod_glosa: str = obrigatorio("codGlosa")
    justificativa_prestador: str = obrigatorio("justificativaPrestador")
    recurso_guia_acatado: str = obrigatorio("recursoGuiaAcatado")
    justificativa_operadora: str | None = campo("justificativaOPSnaoAcatadoGuia")


@dataclass(frozen=True, kw_only=True, slots=True)
class RespostaItemRecurso:
    """`ct_respostaGlosaItemMedico`: a decisão sobre um item."""

    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    senha: str | None = campo("senha")
    data_realizacao: datetime.date = obrigatorio("dataRealizacao")
    data_fim: datetime.date | None = campo("dataFim")
    sequencial_item: int = obrigatorio("sequencialItem")
    codigo_tabela: str = obrigatorio("procRecurso/codigoTabela")
    codigo_procedimento: str = obrigatorio("procRecurso/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procRecurso/descricaoProcedimento")
    cod_glosa: str = obrigatorio("codGlosa")
    valor_recursado: Decimal = obrigatorio("valorRecursado")
    justificativa_prestador: str = obrigatorio("justificativaPrestador")
    valor_acatado: Decimal = obrigatorio("valorAcatadado")
    justificativa_operadora: str | None = campo("justificativaOperadora")


@dataclass(frozen=True, kw_only=True, slots=True)
class RespostaRecursoGlosa:
    """`ct_glosaRecibo` (RESPOSTA_RECURSO_GLOSA): a resposta ao recurso médico-hospitalar."""

    TRANSACAO: ClassVar[str] = "RESPOSTA_RECURSO_GLOSA"
    ELEMENTO: ClassVar[str] = "respostaRecursoGlosa/reciboGlosa"
    ELEMENTO_WS: ClassVar[str] = "situacaoProtocoloRecurso/reciboGlosa"

    registro_ans: str = obrigatorio("registroANS")
    numero_guia_rec_glosa_prestador: str = obrigatorio("numeroGuiaRecGlosaPrestador")
    numero_guia_rec_glosa_operadora: str | None = campo("numeroGuiaRecGlosaOperadora")
    nome_operadora: str = obrigatorio("nomeOperadora")
    objeto_recurso: str = obrigatorio("objetoRecurso")
    codigo_prestador: str = obrigatorio("codigoPrestador")
    numero_lote: str = obrigatorio("numeroLote")
    numero_protocolo: str = obrigatorio("numeroProtocolo")
    codigo_glosa_protocolo: str | None = campo("opcaoRecurso/recursoProtocolo/codigoGlosaProtocolo")
    justificativa_protocolo: str | None = campo("opcaoRecurso/recursoProtocolo/justificativaProtocolo")
    recurso_protocolo_acatado: str | None = campo("opcaoRecurso/recursoProtocolo/recursoAcatado")
    justificativa_protocolo_nao_acatado: str | None = campo(
        "opcaoRecurso/recursoProtocolo/justificativaOPSnaoAcatadoProt"
    )
    respostas_guia: tuple[RespostaGuiaRecurso, ...] = lista("opcaoRecurso/recursoGuia[]/respostaGuia")
    respostas_item: tuple[RespostaItemRecurso, ...] = lista("opcaoRecurso/recursoGuia[]/respostaGuiaItens")
    data_recurso: datetime.date = obrigatorio("dataRecurso")
    valor_total_recursado: Decimal = obrigatorio("valorTotalRecursado")
    valor_total_acatado: Decimal = obrigatorio("valorTotalAcatado")


# --- autorização, elegibilidade, cancelamento ------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ServicoAutorizado:
    """`ct_procedimentoAutorizado`."""

    sequencial_item: int = obrigatorio("sequencialItem")
    codigo_tabela: str = obrigatorio("procedimento/codigoTabela")
    codigo_procedimento: str = obrigatorio("procedimento/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procedimento/descricaoProcedimento")
    quantidade_solicitada: int = obrigatorio("quantidadeSolicitada")
    quantidade_autorizada: int = obrigatorio("quantidadeAutorizada")
    valor_solicitado: Decimal | None = campo("valorSolicitado")
    valor_autorizado: Decimal | None = campo("valorAutorizado")
    opcao_fabricante: str | None = campo("opcaoFabricante")
    registro_anvisa: str | None = campo("registroANVISA")
    codigo_ref_fabricante: str | None = campo("codigoRefFabricante")
    autorizacao_funcionamento: str | None = campo("autorizacaoFuncionamento")
    motivos_negativa: tuple[MotivoGlosa, ...] = lista("motivosNegativa/motivoNegativa")


@dataclass(frozen=True, kw_only=True, slots=True)
class AutorizacaoServico:
    """`ctm_autorizacaoServico` (RESPOSTA_SOLICITACAO): a resposta a uma solicitação de procedimento."""

    TRANSACAO: ClassVar[str] = "RESPOSTA_SOLICITACAO"
    ELEMENTO: ClassVar[str] = "autorizacaoServicos/autorizacaoServico"
    ELEMENTO_WS: ClassVar[str] = "autorizacaoProcedimento/autorizacaoServico"

    numero_guia_prestador: str = obrigatorio("dadosAutorizacao/numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("dadosAutorizacao/numeroGuiaOperadora")
    ausencia_cod_validacao: str | None = campo("dadosAutorizacao/ausenciaCodValidacao")
    cod_validacao: str | None = campo("dadosAutorizacao/codValidacao")
    data_autorizacao: datetime.date | None = campo("dadosAutorizacao/dataAutorizacao")
    senha: str | None = campo("dadosAutorizacao/senha")
    data_validade_senha: datetime.date | None = campo("dadosAutorizacao/dataValidadeSenha")
    tipo_etapa_autorizacao: str = obrigatorio("tipoEtapaAutorizacao")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    nome_beneficiario: str = obrigatorio("nomeBeneficiario")
    nome_social_beneficiario: str | None = campo("nomeSocialBeneficiario")
    cobertura_especial: str | None = campo("coberturaEspecial")
    prestador_autorizado: Contratado | None = campo("prestadorAutorizado/dadosContratado")
    cnes_autorizado: str | None = campo("prestadorAutorizado/cnesContratado")
    status_solicitacao: str = obrigatorio("statusSolicitacao")
    motivos_negativa: tuple[str, ...] = lista("motivosNegativa/codigoGlosa")
    servicos_autorizados: tuple[ServicoAutorizado, ...] = lista("servicosAutorizados/servicoAutorizado")
    observacao: str | None = campo("observacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class StatusAutorizacao(AutorizacaoServico):
    """A mesma estrutura, em resposta a uma consulta de situação (STATUS_AUTORIZACAO)."""

    TRANSACAO = "STATUS_AUTORIZACAO"
    ELEMENTO = "situacaoAutorizacao/autorizacaoServico"
    ELEMENTO_WS = "situacaoAutorizacao/autorizacaoServico"


@dataclass(frozen=True, kw_only=True, slots=True)
class ReciboElegibilidade:
    """`ct_elegibilidadeRecibo` (SITUACAO_ELEGIBILIDADE)."""

    TRANSACAO: ClassVar[str] = "SITUACAO_ELEGIBILIDADE"
    ELEMENTO: ClassVar[str] = "respostaElegibilidade/reciboElegibilidade"
    ELEMENTO_WS: ClassVar[str] = "respostaElegibilidade/reciboElegibilidade"

    registro_ans: str = obrigatorio("registroANS")
    numero_carteira: str = obrigatorio("numeroCarteira")
    ausencia_cod_validacao: str | None = campo("ausenciaCodValidacao")
    cod_validacao: str | None = campo("codValidacao")
    validade_carteira: datetime.date | None = campo("validadeCarteira")
    nome_beneficiario: str = obrigatorio("nomeBeneficiario")
    nome_social_beneficiario: str | None = campo("nomeSocialBeneficiario")
    tipo_ident: str | None = campo("tipoIdent")
    identificador_beneficiario: str | None = campo("identificadorBeneficiario")
    resposta_solicitacao: str = obrigatorio("respostaSolicitacao")
    motivos_negativa: tuple[MotivoGlosa, ...] = lista("motivosNegativa/motivoNegativa")


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaCancelada:
    tipo_guia: str = obrigatorio("tipoGuia")
    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    numero_protocolo: str | None = campo("numeroProtocolo")
    status_cancelamento: str = obrigatorio("statusCancelamento")


@dataclass(frozen=True, kw_only=True, slots=True)
class ReciboCancelaGuia:
    """`ct_guiaCancelamentoRecibo` (CANCELAMENTO_GUIA_RECIBO): um lote cancelado ou guias canceladas."""

    TRANSACAO: ClassVar[str] = "CANCELAMENTO_GUIA_RECIBO"
    ELEMENTO: ClassVar[str] = "reciboCancelaGuia/reciboCancelaGuia"
    ELEMENTO_WS: ClassVar[str] = "reciboCancelaGuia/reciboCancelaGuia"

    registro_ans: str = obrigatorio("registroANS")
    prestador: Contratado = obrigatorio("dadosPrestador")
    numero_lote: str | None = campo("retornoStatus/loteCancelado/numeroLote")
    numero_protocolo: str | None = campo("retornoStatus/loteCancelado/numeroprotocolo")
    status_cancelamento_lote: str | None = campo("retornoStatus/loteCancelado/statusCancelamento")
    guias: tuple[GuiaCancelada, ...] = lista("retornoStatus/guiasCanceladas/dadosGuia")


RESPOSTAS: tuple[type, ...] = (
    ProtocoloRecebimento,
    RecusaLote,
    SituacaoProtocolo,
    DemonstrativoAnaliseConta,
    DemonstrativoPagamento,
    DemonstrativoOdontologia,
    RecursoGlosaRecebido,
    RespostaRecursoGlosa,
    AutorizacaoServico,
    StatusAutorizacao,
    ReciboElegibilidade,
    ReciboCancelaGuia,
)
