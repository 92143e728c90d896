"""Modelo tipado das guias TISS (envio de lote, ENVIO_LOTE_GUIAS) e das partes que elas compartilham.

Valores em `Decimal`, datas em `datetime.date`, horas em `datetime.time`; códigos de domínio (tabelas,
conselhos, UF, CBO…) ficam como texto, com os zeros à esquerda do padrão. Cada campo declara o seu caminho
TISS (ver `mapeamento`), e a ordem dos campos é a da sequência do XSD: a mesma classe serve para ler e para
escrever. Cobre as versões 4.01.00 a 4.03.00; campos que só existem a partir de uma versão dizem `desde`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from .mapeamento import campo, linha_de_origem, lista, obrigatorio

# --- partes comuns ---------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class Beneficiario:
    """`ct_beneficiarioDados`."""

    numero_carteira: str = obrigatorio("numeroCarteira")
    atendimento_rn: str = obrigatorio("atendimentoRN")
    tipo_ident: str | None = campo("tipoIdent")
    identificador_beneficiario: str | None = campo("identificadorBeneficiario")


@dataclass(frozen=True, kw_only=True, slots=True)
class Contratado:
    """`ct_contratadoDados`: o prestador por um dos três identificadores."""

    codigo_prestador_na_operadora: str | None = campo("codigoPrestadorNaOperadora")
    cpf_contratado: str | None = campo("cpfContratado")
    cnpj_contratado: str | None = campo("cnpjContratado")


@dataclass(frozen=True, kw_only=True, slots=True)
class ContratadoExecutante(Contratado):
    """`contratadoExecutante` da guia de consulta: o contratado com o CNES."""

    cnes: str = obrigatorio("CNES")


@dataclass(frozen=True, kw_only=True, slots=True)
class PrestadorIdentificacao:
    """`ct_prestadorIdentificacao` (origem/destino do cabeçalho)."""

    cnpj: str | None = campo("CNPJ")
    cpf: str | None = campo("CPF")
    codigo_prestador_na_operadora: str | None = campo("codigoPrestadorNaOperadora")


@dataclass(frozen=True, kw_only=True, slots=True)
class Profissional:
    """`ct_contratadoProfissionalDados`."""

    nome_profissional: str | None = campo("nomeProfissional")
    conselho_profissional: str = obrigatorio("conselhoProfissional")
    numero_conselho_profissional: str = obrigatorio("numeroConselhoProfissional")
    uf: str = obrigatorio("UF")
    cbos: str = obrigatorio("CBOS")


@dataclass(frozen=True, kw_only=True, slots=True)
class MotivoGlosa:
    """`ct_motivoGlosa`: código da Tabela 38 e descrição."""

    codigo_glosa: str = obrigatorio("codigoGlosa")
    descricao_glosa: str | None = campo("descricaoGlosa")


@dataclass(frozen=True, kw_only=True, slots=True)
class MembroEquipe:
    """`ct_identEquipe` / `ct_identEquipeSADT`: um profissional da equipe de um procedimento."""

    grau_participacao: str | None = campo("grauPart")
    codigo_prestador_na_operadora: str | None = campo("codProfissional/codigoPrestadorNaOperadora")
    cpf_contratado: str | None = campo("codProfissional/cpfContratado")
    nome_profissional: str = obrigatorio("nomeProf")
    conselho_profissional: str = obrigatorio("conselho")
    numero_conselho_profissional: str = obrigatorio("numeroConselhoProfissional")
    uf: str = obrigatorio("UF")
    cbos: str = obrigatorio("CBOS")


@dataclass(frozen=True, kw_only=True, slots=True)
class ProfissionalHonorarios:
    """`profissionais` de um procedimento da guia de honorários (mesmos dados, nomes TISS próprios)."""

    grau_participacao: str = obrigatorio("grauParticipacao")
    codigo_prestador_na_operadora: str | None = campo("codProfissional/codigoPrestadorNaOperadora")
    cpf_contratado: str | None = campo("codProfissional/cpfContratado")
    nome_profissional: str = obrigatorio("nomeProfissional")
    conselho_profissional: str = obrigatorio("conselhoProfissional")
    numero_conselho_profissional: str = obrigatorio("numeroConselhoProfissional")
    uf: str = obrigatorio("UF")
    cbos: str = obrigatorio("CBO")


@dataclass(frozen=True, kw_only=True, slots=True)
class Autorizacao:
    """`ct_autorizacaoSADT` / `ct_autorizacaoInternacao`."""

    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    data_autorizacao: datetime.date = obrigatorio("dataAutorizacao")
    senha: str | None = campo("senha")
    data_validade_senha: datetime.date | None = campo("dataValidadeSenha")
    ausencia_cod_validacao: str | None = campo("ausenciaCodValidacao")
    cod_validacao: str | None = campo("codValidacao")


@dataclass(frozen=True, kw_only=True, slots=True)
class ValorTotalGuia:
    """`ct_guiaValorTotal`: totais por natureza de despesa e o total geral."""

    valor_procedimentos: Decimal | None = campo("valorProcedimentos")
    valor_diarias: Decimal | None = campo("valorDiarias")
    valor_taxas_alugueis: Decimal | None = campo("valorTaxasAlugueis")
    valor_materiais: Decimal | None = campo("valorMateriais")
    valor_medicamentos: Decimal | None = campo("valorMedicamentos")
    valor_opme: Decimal | None = campo("valorOPME")
    valor_gases_medicinais: Decimal | None = campo("valorGasesMedicinais")
    valor_total_geral: Decimal = obrigatorio("valorTotalGeral")


# --- itens -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ItemExecutado:
    """O começo comum, no XSD, de todo item executado — cobrado pelo prestador ou analisado pela operadora:
    sequência, data e horas, e o procedimento (tabela, código, descrição)."""

    sequencial_item: int = obrigatorio("sequencialItem")
    data_execucao: datetime.date = obrigatorio("dataExecucao")
    hora_inicial: datetime.time | None = campo("horaInicial")
    hora_final: datetime.time | None = campo("horaFinal")
    codigo_tabela: str = obrigatorio("procedimento/codigoTabela")
    codigo_procedimento: str = obrigatorio("procedimento/codigoProcedimento")
    descricao_procedimento: str = obrigatorio("procedimento/descricaoProcedimento")


@dataclass(frozen=True, kw_only=True, slots=True)
class Procedimento(ItemExecutado):
    """Campos comuns de `ct_procedimentoExecutado*`: um procedimento executado e cobrado."""

    quantidade_executada: int = obrigatorio("quantidadeExecutada")
    via_acesso: str | None = campo("viaAcesso")
    tecnica_utilizada: str | None = campo("tecnicaUtilizada")
    reducao_acrescimo: Decimal = obrigatorio("reducaoAcrescimo")
    valor_unitario: Decimal = obrigatorio("valorUnitario")
    valor_total: Decimal = obrigatorio("valorTotal")
    linha: int | None = linha_de_origem()

    @property
    def valor_calculado(self) -> Decimal:
        """quantidade × valor unitário × fator de redução/acréscimo, em centavos."""
        return (self.quantidade_executada * self.valor_unitario * self.reducao_acrescimo).quantize(
            Decimal("0.01")
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class ProcedimentoSPSADT(Procedimento):
    """`ct_procedimentoExecutadoSadt`."""

    equipe: tuple[MembroEquipe, ...] = lista("equipeSadt")


@dataclass(frozen=True, kw_only=True, slots=True)
class ProcedimentoInternacao(Procedimento):
    """`ct_procedimentoExecutadoInt`."""

    centro_consumo: str | None = campo("centroConsumo", desde="4.03.00")
    equipe: tuple[MembroEquipe, ...] = lista("identEquipe[]/identificacaoEquipe")


@dataclass(frozen=True, kw_only=True, slots=True)
class ProcedimentoHonorarios(Procedimento):
    """`ct_procedimentoExecutadoHonorIndiv`."""

    profissionais: tuple[ProfissionalHonorarios, ...] = lista("profissionais")


@dataclass(frozen=True, kw_only=True, slots=True)
class OutraDespesa:
    """`ct_outrasDespesas/despesa`: materiais, medicamentos, taxas, diárias, gases e OPME."""

    CODIGOS_DESPESA: ClassVar[dict[str, str]] = {
        "01": "valor_gases_medicinais",
        "02": "valor_medicamentos",
        "03": "valor_materiais",
        "05": "valor_diarias",
        "07": "valor_taxas_alugueis",
        "08": "valor_opme",
    }

    sequencial_item: int = obrigatorio("sequencialItem")
    codigo_despesa: str = obrigatorio("codigoDespesa")
    data_execucao: datetime.date = obrigatorio("servicosExecutados/dataExecucao")
    hora_inicial: datetime.time | None = campo("servicosExecutados/horaInicial")
    hora_final: datetime.time | None = campo("servicosExecutados/horaFinal")
    codigo_tabela: str = obrigatorio("servicosExecutados/codigoTabela")
    codigo_procedimento: str = obrigatorio("servicosExecutados/codigoProcedimento")
    quantidade_executada: Decimal = obrigatorio("servicosExecutados/quantidadeExecutada")
    unidade_medida: str = obrigatorio("servicosExecutados/unidadeMedida")
    reducao_acrescimo: Decimal = obrigatorio("servicosExecutados/reducaoAcrescimo")
    valor_unitario: Decimal = obrigatorio("servicosExecutados/valorUnitario")
    valor_total: Decimal = obrigatorio("servicosExecutados/valorTotal")
    centro_consumo: str | None = campo("servicosExecutados/centroConsumo", desde="4.03.00")
    descricao_procedimento: str = obrigatorio("servicosExecutados/descricaoProcedimento")
    registro_anvisa: str | None = campo("servicosExecutados/registroANVISA")
    codigo_ref_fabricante: str | None = campo("servicosExecutados/codigoRefFabricante")
    autorizacao_funcionamento: str | None = campo("servicosExecutados/autorizacaoFuncionamento")
    item_vinculado: int | None = campo("itemVinculado")
    linha: int | None = linha_de_origem()

    @property
    def valor_calculado(self) -> Decimal:
        return (self.quantidade_executada * self.valor_unitario * self.reducao_acrescimo).quantize(
            Decimal("0.01")
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class ProcedimentoOdontologia:
    """`procedimentosExecutados` da guia odontológica (GTO)."""

    sequencial_item: int = obrigatorio("sequencialItem")
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
    autorizado: str = obrigatorio("autorizado")
    data_realizacao: datetime.date = obrigatorio("dataRealizacao")
    linha: int | None = linha_de_origem()


@dataclass(frozen=True, kw_only=True, slots=True)
class Declaracao:
    """`declaracoes` do resumo de internação (nascido vivo / óbito)."""

    declaracao_nascido: str | None = campo("declaracaoNascido")
    diagnostico_obito: str | None = campo("diagnosticoObito")
    declaracao_obito: str | None = campo("declaracaoObito")
    indicador_dorn: str | None = campo("indicadorDORN")


@dataclass(frozen=True, kw_only=True, slots=True)
class DenteSituacaoInicial:
    elemento_dentario: str = obrigatorio("elementoDentario")
    condicao_clinica: str = obrigatorio("condicaoClinica")


@dataclass(frozen=True, kw_only=True, slots=True)
class AnexoSituacaoInicialGTO:
    """`cto_anexoSituacaoInicialnaGTO`: odontograma inicial anexado à GTO."""

    numero_guia_anexo: str = obrigatorio("numeroGuiaAnexo")
    numero_guia_referenciada: str = obrigatorio("numeroGuiaReferenciada")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    dentes: tuple[DenteSituacaoInicial, ...] = lista("ct_situacaoInicial/situacaoClinica/dentes")
    doenca_periodontal: str | None = campo("ct_situacaoInicial/doencaPeriodontal")
    alteracao_tecido_mole: str | None = campo("ct_situacaoInicial/alteracaoTecidoMole")
    observacao: str | None = campo("ct_situacaoInicial/observacao")


def _datas_de_execucao(guia: "Guia") -> tuple[datetime.date, ...]:
    # Função e não super(): dataclasses com slots não admitem super() sem argumentos no Python 3.11.
    return tuple(item.data_execucao for item in guia.itens if isinstance(item, Procedimento | OutraDespesa))


# --- guias -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class Guia:
    """O que toda guia de cobrança tem; `TAG` é o nome do elemento TISS da guia."""

    TAG: ClassVar[str] = ""

    registro_ans: str
    numero_guia_prestador: str
    linha: int | None = linha_de_origem()

    @property
    def itens(self) -> tuple[Procedimento | OutraDespesa | ProcedimentoOdontologia, ...]:
        return ()

    @property
    def datas_de_atendimento(self) -> tuple[datetime.date, ...]:
        return tuple(
            item.data_execucao for item in self.itens if isinstance(item, Procedimento | OutraDespesa)
        )

    @property
    def valor_total_informado(self) -> Decimal:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaConsulta(Guia):
    """`ctm_consultaGuia`."""

    TAG = "guiaConsulta"

    registro_ans: str = obrigatorio("cabecalhoConsulta/registroANS")
    numero_guia_prestador: str = obrigatorio("cabecalhoConsulta/numeroGuiaPrestador")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    ausencia_cod_validacao: str | None = campo("ausenciaCodValidacao")
    cod_validacao: str | None = campo("codValidacao")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    contratado_executante: ContratadoExecutante = obrigatorio("contratadoExecutante")
    profissional_executante: Profissional = obrigatorio("profissionalExecutante")
    indicacao_acidente: str = obrigatorio("indicacaoAcidente")
    cobertura_especial: str | None = campo("dadosAtendimento/coberturaEspecial", desde="4.02.00")
    regime_atendimento: str = obrigatorio("dadosAtendimento/regimeAtendimento")
    saude_ocupacional: str | None = campo("dadosAtendimento/saudeOcupacional")
    data_atendimento: datetime.date = obrigatorio("dadosAtendimento/dataAtendimento")
    tipo_consulta: str = obrigatorio("dadosAtendimento/tipoConsulta")
    codigo_tabela: str = obrigatorio("dadosAtendimento/procedimento/codigoTabela")
    codigo_procedimento: str = obrigatorio("dadosAtendimento/procedimento/codigoProcedimento")
    valor_procedimento: Decimal = obrigatorio("dadosAtendimento/procedimento/valorProcedimento")
    observacao: str | None = campo("observacao")

    @property
    def datas_de_atendimento(self) -> tuple[datetime.date, ...]:
        return (self.data_atendimento,)

    @property
    def valor_total_informado(self) -> Decimal:
        return self.valor_procedimento


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaSPSADT(Guia):
    """`ctm_sp-sadtGuia`."""

    TAG = "guiaSP-SADT"

    registro_ans: str = obrigatorio("cabecalhoGuia/registroANS")
    numero_guia_prestador: str = obrigatorio("cabecalhoGuia/numeroGuiaPrestador")
    guia_principal: str | None = campo("cabecalhoGuia/guiaPrincipal")
    autorizacao: Autorizacao | None = campo("dadosAutorizacao")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    contratado_solicitante: Contratado = obrigatorio("dadosSolicitante/contratadoSolicitante")
    nome_contratado_solicitante: str = obrigatorio("dadosSolicitante/nomeContratadoSolicitante")
    profissional_solicitante: Profissional = obrigatorio("dadosSolicitante/profissionalSolicitante")
    data_solicitacao: datetime.date | None = campo("dadosSolicitacao/dataSolicitacao")
    carater_atendimento: str = obrigatorio("dadosSolicitacao/caraterAtendimento")
    indicacao_clinica: str | None = campo("dadosSolicitacao/indicacaoClinica")
    ind_cob_especial: str | None = campo("dadosSolicitacao/indCobEspecial")
    contratado_executante: Contratado = obrigatorio("dadosExecutante/contratadoExecutante")
    cnes_executante: str = obrigatorio("dadosExecutante/CNES")
    tipo_atendimento: str = obrigatorio("dadosAtendimento/tipoAtendimento")
    indicacao_acidente: str = obrigatorio("dadosAtendimento/indicacaoAcidente")
    tipo_consulta: str | None = campo("dadosAtendimento/tipoConsulta")
    motivo_encerramento: str | None = campo("dadosAtendimento/motivoEncerramento")
    regime_atendimento: str = obrigatorio("dadosAtendimento/regimeAtendimento")
    saude_ocupacional: str | None = campo("dadosAtendimento/saudeOcupacional")
    procedimentos: tuple[ProcedimentoSPSADT, ...] = lista("procedimentosExecutados/procedimentoExecutado")
    outras_despesas: tuple[OutraDespesa, ...] = lista("outrasDespesas/despesa")
    observacao: str | None = campo("observacao")
    valor_total: ValorTotalGuia = obrigatorio("valorTotal")

    @property
    def itens(self) -> tuple[Procedimento | OutraDespesa, ...]:
        return self.procedimentos + self.outras_despesas

    @property
    def valor_total_informado(self) -> Decimal:
        return self.valor_total.valor_total_geral


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaResumoInternacao(Guia):
    """`ctm_internacaoResumoGuia`."""

    TAG = "guiaResumoInternacao"

    registro_ans: str = obrigatorio("cabecalhoGuia/registroANS")
    numero_guia_prestador: str = obrigatorio("cabecalhoGuia/numeroGuiaPrestador")
    numero_guia_solicitacao_internacao: str = obrigatorio("numeroGuiaSolicitacaoInternacao")
    autorizacao: Autorizacao = obrigatorio("dadosAutorizacao")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
    contratado_executante: Contratado = obrigatorio("dadosExecutante/contratadoExecutante")
    cnes_executante: str = obrigatorio("dadosExecutante/CNES")
    carater_atendimento: str = obrigatorio("dadosInternacao/caraterAtendimento")
    tipo_faturamento: str = obrigatorio("dadosInternacao/tipoFaturamento")
    data_inicio_faturamento: datetime.date = obrigatorio("dadosInternacao/dataInicioFaturamento")
    hora_inicio_faturamento: datetime.time = obrigatorio("dadosInternacao/horaInicioFaturamento")
    data_final_faturamento: datetime.date = obrigatorio("dadosInternacao/dataFinalFaturamento")
    hora_final_faturamento: datetime.time = obrigatorio("dadosInternacao/horaFinalFaturamento")
    tipo_internacao: str = obrigatorio("dadosInternacao/tipoInternacao")
    regime_internacao: str = obrigatorio("dadosInternacao/regimeInternacao")
    declaracoes: tuple[Declaracao, ...] = lista("dadosInternacao/declaracoes")
    diagnosticos: tuple[str, ...] = lista("dadosSaidaInternacao/diagnostico")
    indicador_acidente: str = obrigatorio("dadosSaidaInternacao/indicadorAcidente")
    motivo_encerramento: str = obrigatorio("dadosSaidaInternacao/motivoEncerramento")
    procedimentos: tuple[ProcedimentoInternacao, ...] = lista("procedimentosExecutados/procedimentoExecutado")
    valor_total: ValorTotalGuia = obrigatorio("valorTotal")
    outras_despesas: tuple[OutraDespesa, ...] = lista("outrasDespesas/despesa")
    observacao: str | None = campo("observacao")

    @property
    def itens(self) -> tuple[Procedimento | OutraDespesa, ...]:
        return self.procedimentos + self.outras_despesas

    @property
    def datas_de_atendimento(self) -> tuple[datetime.date, ...]:
        return (self.data_inicio_faturamento, self.data_final_faturamento, *_datas_de_execucao(self))

    @property
    def valor_total_informado(self) -> Decimal:
        return self.valor_total.valor_total_geral


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaHonorarios(Guia):
    """`ctm_honorarioIndividualGuia`."""

    TAG = "guiaHonorarios"

    registro_ans: str = obrigatorio("cabecalhoGuia/registroANS")
    numero_guia_prestador: str = obrigatorio("cabecalhoGuia/numeroGuiaPrestador")
    guia_solic_internacao: str = obrigatorio("guiaSolicInternacao")
    senha: str | None = campo("senha")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    numero_carteira: str = obrigatorio("beneficiario/numeroCarteira")
    atendimento_rn: str = obrigatorio("beneficiario/atendimentoRN")
    local_codigo_na_operadora: str | None = campo("localContratado/codigoContratado/codigoNaOperadora")
    local_cnpj: str | None = campo("localContratado/codigoContratado/cnpjLocalExecutante")
    local_nome_contratado: str = obrigatorio("localContratado/nomeContratado")
    local_cnes: str = obrigatorio("localContratado/cnes")
    executante_codigo_na_operadora: str = obrigatorio("dadosContratadoExecutante/codigonaOperadora")
    executante_cnes: str = obrigatorio("dadosContratadoExecutante/cnesContratadoExecutante")
    data_inicio_faturamento: datetime.date = obrigatorio("dadosInternacao/dataInicioFaturamento")
    data_fim_faturamento: datetime.date = obrigatorio("dadosInternacao/dataFimFaturamento")
    carater_atendimento: str | None = campo("dadosInternacao/caraterAtendimento", desde="4.03.00")
    procedimentos: tuple[ProcedimentoHonorarios, ...] = lista("procedimentosRealizados/procedimentoRealizado")
    observacao: str | None = campo("observacao")
    valor_total_honorarios: Decimal = obrigatorio("valorTotalHonorarios")
    data_emissao_guia: datetime.date = obrigatorio("dataEmissaoGuia")

    @property
    def itens(self) -> tuple[Procedimento, ...]:
        return self.procedimentos

    @property
    def datas_de_atendimento(self) -> tuple[datetime.date, ...]:
        return (self.data_inicio_faturamento, self.data_fim_faturamento, *_datas_de_execucao(self))

    @property
    def valor_total_informado(self) -> Decimal:
        return self.valor_total_honorarios


@dataclass(frozen=True, kw_only=True, slots=True)
class GuiaOdontologia(Guia):
    """`cto_guiaOdontologia` (GTO)."""

    TAG = "guiaOdonto"

    registro_ans: str = obrigatorio("registroANS")
    numero_guia_prestador: str = obrigatorio("numeroGuiaPrestador")
    numero_guia_principal: str | None = campo("numeroGuiaPrincipal")
    data_autorizacao: datetime.date | None = campo("dataAutorizacao")
    senha_autorizacao: str | None = campo("senhaAutorizacao")
    validade_senha: datetime.date | None = campo("validadeSenha")
    numero_guia_operadora: str | None = campo("numeroGuiaOperadora")
    ausencia_cod_validacao: str | None = campo("ausenciaCodValidacao")
    cod_validacao: str | None = campo("codValidacao")
    beneficiario: Beneficiario = obrigatorio("dadosBeneficiario")
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
    procedimentos: tuple[ProcedimentoOdontologia, ...] = lista("procedimentosExecutados")
    data_termino_trat: datetime.date | None = campo("dataTerminoTrat")
    tipo_atendimento: str = obrigatorio("tipoAtendimento")
    tipo_faturamento: str = obrigatorio("tipoFaturamento")
    qtd_total_us: Decimal | None = campo("qtdTotalUS")
    valor_total_proc: Decimal = obrigatorio("valorTotalProc")
    valor_total_franquia: Decimal | None = campo("valorTotalFranquia")
    observacao: str | None = campo("observacao")
    odonto_inicial: AnexoSituacaoInicialGTO | None = campo("odontoInicial")

    @property
    def itens(self) -> tuple[ProcedimentoOdontologia, ...]:
        return self.procedimentos

    @property
    def datas_de_atendimento(self) -> tuple[datetime.date, ...]:
        return tuple(item.data_realizacao for item in self.procedimentos)

    @property
    def valor_total_informado(self) -> Decimal:
        return self.valor_total_proc


TIPOS_DE_GUIA: tuple[type[Guia], ...] = (
    GuiaSPSADT,
    GuiaResumoInternacao,
    GuiaHonorarios,
    GuiaConsulta,
    GuiaOdontologia,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Lote:
    """`ctm_guiaLote`: até 100 guias de um só tipo."""

    ELEMENTO: ClassVar[str] = "loteGuias"
    TRANSACAO: ClassVar[str] = "ENVIO_LOTE_GUIAS"

    numero_lote: str = obrigatorio("numeroLote")
    guias_sp_sadt: tuple[GuiaSPSADT, ...] = lista("guiasTISS/guiaSP-SADT")
    guias_resumo_internacao: tuple[GuiaResumoInternacao, ...] = lista("guiasTISS/guiaResumoInternacao")
    guias_honorarios: tuple[GuiaHonorarios, ...] = lista("guiasTISS/guiaHonorarios")
    guias_consulta: tuple[GuiaConsulta, ...] = lista("guiasTISS/guiaConsulta")
    guias_odontologia: tuple[GuiaOdontologia, ...] = lista("guiasTISS/guiaOdonto")

    @property
    def guias(self) -> tuple[Guia, ...]:
        return (
            self.guias_sp_sadt
            + self.guias_resumo_internacao
            + self.guias_honorarios
            + self.guias_consulta
            + self.guias_odontologia
        )

    @classmethod
    def de_guias(cls, numero_lote: str, guias: "tuple[Guia, ...] | list[Guia]") -> "Lote":
        """Monta o lote a partir de guias (de um só tipo, como o padrão exige)."""
        por_tipo: dict[str, list[Guia]] = {}
        for guia in guias:
            por_tipo.setdefault(_CAMPO_POR_TIPO[type(guia)], []).append(guia)
        listas: dict[str, Any] = {nome: tuple(lista_) for nome, lista_ in por_tipo.items()}
        return cls(numero_lote=numero_lote, **listas)


_CAMPO_POR_TIPO: dict[type, str] = {
    GuiaSPSADT: "guias_sp_sadt",
    GuiaResumoInternacao: "guias_resumo_internacao",
    GuiaHonorarios: "guias_honorarios",
    GuiaConsulta: "guias_consulta",
    GuiaOdontologia: "guias_odontologia",
}
