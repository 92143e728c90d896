"""Pedidos que o prestador faz à operadora pelos web services TISS (prestadorParaOperadora), tipados.

Cada classe diz o elemento que a carrega numa `mensagemTISS` (`ELEMENTO`) e, quando difere, no elemento
`*WS` do SOAP (`ELEMENTO_WS`). O envio de lote de guias é `guias.Lote`. Todos os conteúdos de
`prestadorParaOperadora` têm modelo; os anexos clínicos (OPME, quimioterapia, radioterapia) são as mesmas classes
no lote de anexos e dentro das solicitações (`AnexoClinico`).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from .guias import Beneficiario, Contratado, Profissional
from .mapeamento import campo, linha_de_origem, lista, obrigatorio


@dataclass(frozen=True, kw_only=True, slots=True)
class ProcedimentoSolicitado:
    codigo_tabela: str = obrigatorio("procedimento/codigoTabela")
    codigo_procedimento: str = obrigatorio("procedimento/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procedimento/descricaoProcedimento")
    quantidade_solicitada: int = obrigatorio("quantidadeSolicitada")


# --- anexos clínicos (lote de anexos e solicitações) ----------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class CabecalhoAnexo:
    """`ct_anexoCabecalho`: a guia do anexo e a guia a que ele se refere."""

    registro_ans: str = obrigatorio("registroANS")
    numero_guia_anexo: str = obrigatorio("numeroGuiaAnexo")
    numero_guia_referenciada: str = obrigatorio("numeroGuiaReferenciada")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    data_solicitacao: datetime.date = obrigatorio("dataSolicitacao")
    senha: str | None = campo("senha")
    data_autorizacao: datetime.date | None = campo("dataAutorizacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitanteAnexo:
    """`ctm_anexoSolicitante`: o profissional que pede o anexo e como encontrá-lo."""

    nome_profissional: str = obrigatorio("nomeProfissional")
    telefone_profissional: str = obrigatorio("telefoneProfissional")
    email_profissional: str | None = campo("emailProfissional")


@dataclass(frozen=True, kw_only=True, slots=True)
class DiagnosticoOncologico:
    """`ct_diagnosticoOncologico` (quimioterapia e radioterapia)."""

    data_diagnostico: datetime.date | None = campo("dataDiagnostico")
    diagnosticos: tuple[str, ...] = lista("diagnosticoCID")
    estadiamento: str = obrigatorio("estadiamento")
    finalidade: str = obrigatorio("finalidade")
    ecog: str = obrigatorio("ecog")
    diagnostico_histopatologico: str | None = campo("diagnosticoHispatologico")
    info_relevantes: str | None = campo("infoRelevantes")


@dataclass(frozen=True, kw_only=True, slots=True)
class DrogaSolicitada:
    """`ct_drogasSolicitadas`: uma droga do ciclo de quimioterapia."""

    data_provavel: datetime.date = obrigatorio("dataProvavel")
    codigo_tabela: str = obrigatorio("identificacao/codigoTabela")
    codigo_procedimento: str = obrigatorio("identificacao/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("identificacao/descricaoProcedimento")
    qt_doses: Decimal = obrigatorio("qtDoses")
    unidade_medida: str = obrigatorio("unidadeMedida")
    via_administracao: str = obrigatorio("viaAdministracao")
    frequencia: int = obrigatorio("frequencia")


@dataclass(frozen=True, kw_only=True, slots=True)
class OPMESolicitada:
    """`opmeSolicitada`: um material (tabela/código TUSS), o fabricante e o registro na ANVISA."""

    codigo_tabela: str = obrigatorio("identificacaoOPME/codigoTabela")
    codigo_procedimento: str = obrigatorio("identificacaoOPME/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("identificacaoOPME/descricaoProcedimento")
    opcao_fabricante: str = obrigatorio("opcaoFabricante")
    quantidade_solicitada: int = obrigatorio("quantidadeSolicitada")
    valor_solicitado: Decimal | None = campo("valorSolicitado")
    registro_anvisa: str | None = campo("registroANVISA")
    codigo_ref_fabricante: str | None = campo("codigoRefFabricante")
    autorizacao_funcionamento: str | None = campo("autorizacaoFuncionamento")


@dataclass(frozen=True, kw_only=True, slots=True)
class AnexoSolicitacaoOPME:
    """`ctm_anexoSolicitacaoOPME`: órteses, próteses e materiais especiais pedidos com a justificativa."""

    cabecalho: CabecalhoAnexo = obrigatorio("cabecalhoAnexo")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    profissional_solicitante: SolicitanteAnexo = obrigatorio("profissionalSolicitante")
    justificativa_tecnica: str = obrigatorio("justificativaTecnica")
    especificacao_material: str | None = campo("especificacaoMaterial")
    opmes: tuple[OPMESolicitada, ...] = lista("opmeSolicitadas/opmeSolicitada")
    observacao: str | None = campo("Observacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class AnexoSolicitacaoQuimio:
    """`ctm_anexoSolicitacaoQuimio`: diagnóstico oncológico, plano, drogas e ciclos da quimioterapia."""

    cabecalho: CabecalhoAnexo = obrigatorio("cabecalhoAnexo")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    peso: Decimal = obrigatorio("dadosComplementaresBeneficiario/peso")
    altura: Decimal = obrigatorio("dadosComplementaresBeneficiario/altura")
    superficie_corporal: Decimal = obrigatorio("dadosComplementaresBeneficiario/superficieCorporal")
    idade: int = obrigatorio("dadosComplementaresBeneficiario/idade")
    sexo: str = obrigatorio("dadosComplementaresBeneficiario/sexo")
    medico_solicitante: SolicitanteAnexo = obrigatorio("medicoSolicitante")
    diagnostico: DiagnosticoOncologico = obrigatorio("diagnosticoOncologicoQuimioterapia/diagQuimio")
    tumor: str = obrigatorio("diagnosticoOncologicoQuimioterapia/tumor")
    nodulo: str = obrigatorio("diagnosticoOncologicoQuimioterapia/nodulo")
    metastase: str = obrigatorio("diagnosticoOncologicoQuimioterapia/metastase")
    tipo_quimioterapia: str = obrigatorio("diagnosticoOncologicoQuimioterapia/tipoQuimioterapia")
    plano_terapeutico: str = obrigatorio("diagnosticoOncologicoQuimioterapia/planoTerapeutico")
    drogas: tuple[DrogaSolicitada, ...] = lista("drogasSolicitadas/drogaSolicitada")
    cirurgia: str | None = campo("tratamentosAnteriores/cirurgia")
    data_cirurgia: datetime.date | None = campo("tratamentosAnteriores/datacirurgia")
    area_irradiada: str | None = campo("tratamentosAnteriores/areaIrradiada")
    data_irradiacao: datetime.date | None = campo("tratamentosAnteriores/dataIrradiacao")
    numero_ciclos: int = obrigatorio("numeroCiclos")
    ciclo_atual: int = obrigatorio("cicloAtual")
    dias_ciclo_atual: int = obrigatorio("diasCicloAtual")
    intervalo_ciclos: int = obrigatorio("intervaloCiclos")
    observacao: str | None = campo("observacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class AnexoSolicitacaoRadio:
    """`ctm_anexoSolicitacaoRadio`: diagnóstico oncológico, campos, doses e início da radioterapia."""

    cabecalho: CabecalhoAnexo = obrigatorio("cabecalhoAnexo")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    idade: int = obrigatorio("dadosComplementaresBeneficiario/idade")
    sexo: str = obrigatorio("dadosComplementaresBeneficiario/sexo")
    medico_solicitante: SolicitanteAnexo = obrigatorio("medicoSolicitante")
    diagnostico: DiagnosticoOncologico = obrigatorio("diagnosticoOncologicoRadio/diagRadio")
    diagnostico_imagem: str | None = campo("diagnosticoOncologicoRadio/diagnosticoImagem")
    cirurgia: str | None = campo("tratamentosAnteriores/cirurgia")
    data_cirurgia: datetime.date | None = campo("tratamentosAnteriores/datacirurgia")
    quimioterapia: str | None = campo("tratamentosAnteriores/quimioterapia")
    data_quimioterapia: datetime.date | None = campo("tratamentosAnteriores/dataQuimioterapia")
    numero_campos: int = obrigatorio("numeroCampos")
    dose_campo: int = obrigatorio("doseCampo")
    dose_total: int = obrigatorio("doseTotal")
    nr_dias: int = obrigatorio("nrDias")
    dt_prevista_inicio: datetime.date = obrigatorio("dtPrevistaInicio")
    observacao: str | None = campo("observacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class AnexoClinico:
    """`anexoClinico` das solicitações de SP/SADT e de internação, `anexoClinicoProrrogacao` da prorrogação:
    os anexos enviados junto com o pedido em vez de num lote de anexos."""

    solicitacao_quimioterapia: AnexoSolicitacaoQuimio | None = campo("solicitacaoQuimioterapia")
    solicitacao_radioterapia: AnexoSolicitacaoRadio | None = campo("solicitacaoRadioterapia")
    solicitacao_opme: AnexoSolicitacaoOPME | None = campo("solicitacaoOPME")


@dataclass(frozen=True, kw_only=True, slots=True)
class DenteAnexo:
    elemento_dentario: str = obrigatorio("elementoDentario")
    condicao_clinica: str = obrigatorio("condicaoClinica")


@dataclass(frozen=True, kw_only=True, slots=True)
class AnexoSituacaoInicial:
    """`cto_anexoSituacaoInicial`: odontograma inicial, num lote de anexos ou na solicitação odontológica."""

    registro_ans: str = obrigatorio("registroANS")
    numero_guia_anexo: str = obrigatorio("numeroGuiaAnexo")
    numero_guia_referenciada: str = obrigatorio("numeroGuiaReferenciada")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    numero_carteira: str = obrigatorio("numeroCarteira")
    dentes: tuple[DenteAnexo, ...] = lista("ct_situacaoInicial/situacaoClinica/dentes")
    doenca_periodontal: str = obrigatorio("ct_situacaoInicial/doencaPeriodontal")
    alteracao_tecido_mole: str = obrigatorio("ct_situacaoInicial/alteracaoTecidoMole")
    observacao: str | None = campo("ct_situacaoInicial/observacao")


# --- solicitação de procedimentos ------------------------------------------------------------------------


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
    anexo_clinico: AnexoClinico | None = campo("anexoClinico")
    observacao: str | None = campo("observacao")


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
    anexo_clinico: AnexoClinico | None = campo("anexoClinico")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoProrrogacao:
    """`ctm_prorrogacaoSolicitacaoGuia`: mais diárias ou procedimentos para uma internação já autorizada."""

    registro_ans: str = obrigatorio("registroANS")
    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_referenciada: str = obrigatorio("nrGuiaReferenciada")
    numero_carteira: str = obrigatorio("dadosBeneficiario/numeroCarteira")
    tipo_ident: str | None = campo("dadosBeneficiario/tipoIdent")
    identificador_beneficiario: str | None = campo("dadosBeneficiario/identificadorBeneficiario")
    contratado_solicitante: Contratado = obrigatorio("dadosContratadoSolicitante")
    nome_contratado_solicitante: str = obrigatorio("nomeContratadoSolicitante")
    profissional_solicitante: Profissional = obrigatorio("dadosProfissionalSolicitante")
    qt_diarias_adicionais: int | None = campo("dadosInternacao/qtDiariasAdicionais")
    tipo_acomodacao_solicitada: str | None = campo("dadosInternacao/tipoAcomodacaoSolicitada")
    indicacao_clinica: str = obrigatorio("dadosInternacao/indicacaoClinica")
    procedimentos: tuple[ProcedimentoSolicitado, ...] = lista("procedimentosAdicionais")
    anexo_clinico: AnexoClinico | None = campo("anexoClinicoProrrogacao")
    observacao: str | None = campo("observacao")
    data_solicitacao: datetime.date = obrigatorio("dataSolicitacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class ProcedimentoOdontoSolicitado:
    """`procedimentosSolicitados` da solicitação odontológica: o procedimento, o dente ou a região e a face."""

    codigo_tabela: str = obrigatorio("procSolic/codigoTabela")
    codigo_procedimento: str = obrigatorio("procSolic/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procSolic/descricaoProcedimento")
    cod_dente: str | None = campo("denteRegiao/codDente")
    cod_regiao: str | None = campo("denteRegiao/codRegiao")
    dente_face: str | None = campo("denteFace")
    qtd_proc: int = obrigatorio("qtdProc")
    qtd_us: Decimal | None = campo("qtdUS")
    valor_proc: Decimal = obrigatorio("valorProc")
    valor_franquia: Decimal | None = campo("valorFranquia")
    aut: str = obrigatorio("aut")
    data_realizacao: datetime.date | None = campo("dataRealizacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoOdontologia:
    """`cto_odontoSolicitacaoGuia`: o plano de tratamento odontológico, com o odontograma inicial se houver.

    O beneficiário vem solto na guia (não em `dadosBeneficiario`), como no XSD."""

    registro_ans: str = obrigatorio("registroANS")
    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_principal: str | None = campo("numeroGuiaPrincipal")
    ausencia_cod_validacao: str | None = campo("ausenciaCodValidacao")
    cod_validacao: str | None = campo("codValidacao")
    numero_carteira: str = obrigatorio("numeroCarteira")
    atendimento_rn: str = obrigatorio("atendimentoRN")
    tipo_ident: str | None = campo("tipoIdent")
    identificador_beneficiario: str | None = campo("identificadorBeneficiario")
    plano_beneficiario: str = obrigatorio("planoBeneficiario")
    nome_empresa: str | None = campo("nomeEmpresa")
    nome_prof_solic: str | None = campo("dadosProfissionaisResponsaveis/nomeProfSolic")
    cro_solic: str | None = campo("dadosProfissionaisResponsaveis/croSolic")
    uf_solic: str | None = campo("dadosProfissionaisResponsaveis/ufSolic")
    cbos_solic: str | None = campo("dadosProfissionaisResponsaveis/cbosSolic")
    codigo_prof_exec: str = obrigatorio("dadosProfissionaisResponsaveis/codigoProfExec")
    cro_exec: str = obrigatorio("dadosProfissionaisResponsaveis/croExec")
    uf_exec: str = obrigatorio("dadosProfissionaisResponsaveis/ufExec")
    cnes_exec: str = obrigatorio("dadosProfissionaisResponsaveis/cnesExec")
    nome_prof_exec2: str | None = campo("dadosProfissionaisResponsaveis/nomeProfExec2")
    cro_exec2: str | None = campo("dadosProfissionaisResponsaveis/croExec2")
    uf_exec2: str | None = campo("dadosProfissionaisResponsaveis/ufExec2")
    cbos_exec2: str = obrigatorio("dadosProfissionaisResponsaveis/cbosExec2")
    procedimentos: tuple[ProcedimentoOdontoSolicitado, ...] = lista("procedimentosSolicitados")
    data_termino_trat: datetime.date | None = campo("dataTerminoTrat")
    tipo_atendimento: str = obrigatorio("tipoAtendimento")
    qtd_total_us: Decimal | None = campo("qtdTotalUS")
    valor_total_proc: Decimal = obrigatorio("valorTotalProc")
    valor_total_franquia: Decimal | None = campo("valorTotalFranquia")
    observacao: str | None = campo("observacao")
    odonto_inicial: AnexoSituacaoInicial | None = campo("odontoInicial")


@dataclass(frozen=True, kw_only=True, slots=True)
class SolicitacaoProcedimento:
    """`ct_solicitacaoProcedimento` (SOLICITACAO_PROCEDIMENTOS): autorização prévia.

    Uma das quatro solicitações da escolha do XSD (`ctm_solicitacaoLote`): SP/SADT, internação, prorrogação de
    internação ou odontologia; os anexos clínicos que vêm com ela estão em `anexo_clinico` (ou no
    `odonto_inicial` da odontológica).
    """

    ELEMENTO: ClassVar[str] = "solicitacaoProcedimento"
    ELEMENTO_WS: ClassVar[str] = "solicitacaoProcedimento"
    TRANSACAO: ClassVar[str] = "SOLICITACAO_PROCEDIMENTOS"

    sp_sadt: SolicitacaoSPSADT | None = campo("solicitacaoSP-SADT")
    internacao: SolicitacaoInternacao | None = campo("solicitacaoInternacao")
    prorrogacao: SolicitacaoProrrogacao | None = campo("solicitacaoProrrogacao")
    odontologia: SolicitacaoOdontologia | None = campo("solicitacaoOdontologia")


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
class _CabecalhoRecursoGlosa:
    """O que o recurso médico-hospitalar e o odontológico têm em comum, na ordem do XSD; cada um redefine `guias`
    no mesmo lugar com o seu tipo de guia. Base privada: um recurso odontológico não é um `RecursoGlosa`."""

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
    guias: tuple[Any, ...] = lista("opcaoRecurso/recursoGuia")
    valor_total_recursado: Decimal = obrigatorio("valorTotalRecursado")
    data_recurso: datetime.date = obrigatorio("dataRecurso")


@dataclass(frozen=True, kw_only=True, slots=True)
class RecursoGlosa(_CabecalhoRecursoGlosa):
    """`ctm_recursoGlosa` (RECURSO_GLOSA), o recurso médico-hospitalar; o odontológico é `RecursoGlosaOdonto`."""

    ELEMENTO: ClassVar[str] = "recursoGlosa/guiaRecursoGlosa"
    ELEMENTO_WS: ClassVar[str] = "loteRecurso/guiaRecursoGlosa"
    TRANSACAO: ClassVar[str] = "RECURSO_GLOSA"

    guias: tuple[GuiaRecursada, ...] = lista("opcaoRecurso/recursoGuia")


@dataclass(frozen=True, kw_only=True, slots=True)
class ProcedimentoRecursadoOdonto:
    """`recursoProcedimento` de um recurso de glosa odontológico."""

    sequencial_item: int = obrigatorio("sequencialItem")
    data_realizacao: datetime.date = obrigatorio("dataRealizacao")
    cod_dente: str | None = campo("denteRegiao/codDente")
    cod_regiao: str | None = campo("denteRegiao/codRegiao")
    dente_face: str | None = campo("denteFace")
    quantidade: int = obrigatorio("quantidade")
    codigo_tabela: str = obrigatorio("procRecurso/codigoTabela")
    codigo_procedimento: str = obrigatorio("procRecurso/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procRecurso/descricaoProcedimento")
    cod_glosa_proc: str = obrigatorio("codGlosaProc")
    justificativa_proc: str = obrigatorio("justificativaProc")
    valor_recursado: Decimal = obrigatorio("valorRecursado")
    linha: int | None = linha_de_origem()


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaRecursadaOdonto:
    """`recursoGuia` odontológico: a glosa da guia e, se for o caso, os procedimentos recursados."""

    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    senha: str | None = campo("senha")
    cod_glosa_guia: str = obrigatorio("codGlosaGuia")
    justificativa_guia: str = obrigatorio("justificativaGuia")
    procedimentos: tuple[ProcedimentoRecursadoOdonto, ...] = lista("recursoProcedimento")


@dataclass(frozen=True, kw_only=True, slots=True)
class RecursoGlosaOdonto(_CabecalhoRecursoGlosa):
    """`cto_recursoGlosaOdonto` (RECURSO_GLOSA), o recurso odontológico: do protocolo inteiro ou por guia."""

    ELEMENTO: ClassVar[str] = "recursoGlosa/guiaRecursoGlosaOdonto"
    ELEMENTO_WS: ClassVar[str] = "loteRecurso/guiaRecursoGlosaOdonto"
    TRANSACAO: ClassVar[str] = "RECURSO_GLOSA"

    guias: tuple[GuiaRecursadaOdonto, ...] = lista("opcaoRecurso/recursoGuia")


@dataclass(frozen=True, kw_only=True, slots=True)
class ComunicacaoInternacao:
    """`ctm_beneficiarioComunicacao` (COMUNICACAO_BENEFICIARIO): internação ou alta de um beneficiário."""

    ELEMENTO: ClassVar[str] = "comunicacaoInternacao"
    ELEMENTO_WS: ClassVar[str] = "comunicacaoBeneficiario"
    TRANSACAO: ClassVar[str] = "COMUNICACAO_BENEFICIARIO"

    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    data_evento: datetime.date = obrigatorio("dataEvento")
    tipo_evento: str = obrigatorio("tipoEvento")
    motivo_encerramento: str | None = campo("dadosInternacao/motivoEncerramento")
    tipo_internacao: str | None = campo("dadosInternacao/tipoInternacao")


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
class LoteAnexos:
    """`ct_anexoLote` (ENVIO_ANEXO): até 100 anexos de situação inicial ou um anexo de radioterapia,
    quimioterapia ou OPME (a escolha de `AnexosGuiasTISS`)."""

    ELEMENTO: ClassVar[str] = "loteAnexos"
    ELEMENTO_WS: ClassVar[str] = "loteAnexo"
    TRANSACAO: ClassVar[str] = "ENVIO_ANEXO"

    numero_lote: str = obrigatorio("numeroLote")
    anexos_situacao_inicial: tuple[AnexoSituacaoInicial, ...] = lista("AnexosGuiasTISS/anexoSituacaoInicial")
    anexo_solicitacao_radio: AnexoSolicitacaoRadio | None = campo("AnexosGuiasTISS/anexoSolicitacaoRadio")
    anexo_solicitacao_quimio: AnexoSolicitacaoQuimio | None = campo("AnexosGuiasTISS/anexoSolicitacaoQuimio")
    anexo_solicitacao_opme: AnexoSolicitacaoOPME | None = campo("AnexosGuiasTISS/anexoSolicitacaoOPME")


PEDIDOS: tuple[type, ...] = (
    SolicitacaoProcedimento,
    VerificacaoElegibilidade,
    SolicitacaoStatusProtocolo,
    SolicitacaoStatusRecursoGlosa,
    SolicitacaoStatusAutorizacao,
    SolicitacaoDemonstrativo,
    CancelamentoGuia,
    ComunicacaoInternacao,
    RecursoGlosa,
    RecursoGlosaOdonto,
    EnvioDocumento,
    LoteAnexos,
)
