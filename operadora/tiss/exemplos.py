"""Mensagens TISS de exemplo, determinísticas e válidas em todas as versões suportadas.

Servem aos testes (ida e volta, propriedades), ao benchmark e à demonstração; nada aqui é dado real.
"""

import dataclasses
import datetime
from collections.abc import Callable
from decimal import Decimal

from . import requests, respostas
from .guias import (
    AnexoSituacaoInicialGTO,
    Autorizacao,
    Beneficiario,
    Contratado,
    ContratadoExecutante,
    Declaracao,
    DenteSituacaoInicial,
    Guia,
    GuiaConsulta,
    GuiaHonorarios,
    GuiaOdontologia,
    GuiaResumoInternacao,
    GuiaSPSADT,
    Lote,
    MembroEquipe,
    MotivoGlosa,
    OutraDespesa,
    PrestadorIdentificacao,
    ProcedimentoHonorarios,
    ProcedimentoInternacao,
    ProcedimentoOdontologia,
    ProcedimentoSPSADT,
    Profissional,
    ProfissionalHonorarios,
    ValorTotalGuia,
)

REGISTRO_ANS = "123456"
CNPJ_OPERADORA = "11222333000181"
CNPJ_PRESTADOR = "11444777000161"
CODIGO_PRESTADOR = "000123"
CNES = "1234567"
PRESTADOR = PrestadorIdentificacao(codigo_prestador_na_operadora=CODIGO_PRESTADOR)
CONTRATADO = Contratado(codigo_prestador_na_operadora=CODIGO_PRESTADOR)
DATA = datetime.date(2025, 3, 10)
MOMENTO = datetime.datetime(2025, 3, 12, 9, 30, tzinfo=datetime.UTC)
UM = Decimal("1.00")


def _beneficiario(indice: int) -> Beneficiario:
    return Beneficiario(numero_carteira=f"{indice:012d}", atendimento_rn="N")


def _profissional() -> Profissional:
    return Profissional(
        nome_profissional="Dra. Ana Exemplo",
        conselho_profissional="06",
        numero_conselho_profissional="123456",
        uf="35",
        cbos="225125",
    )


def _membro() -> MembroEquipe:
    return MembroEquipe(
        grau_participacao="00",
        codigo_prestador_na_operadora="000456",
        nome_profissional="Dr. Bruno Cirurgião",
        conselho_profissional="06",
        numero_conselho_profissional="654321",
        uf="35",
        cbos="225125",
    )


def _valor(item: int) -> Decimal:
    return Decimal(25 + 5 * item).quantize(Decimal("0.01"))


def _campos_procedimento(item: int) -> dict[str, object]:
    valor = _valor(item)
    return {
        "sequencial_item": item,
        "data_execucao": DATA,
        "hora_inicial": datetime.time(8, 0),
        "hora_final": datetime.time(9, 0),
        "codigo_tabela": "22",
        "codigo_procedimento": f"{40301000 + item}",
        "descricao_procedimento": f"Exame de exemplo número {item} - coração",
        "quantidade_executada": 2,
        "via_acesso": "1",
        "tecnica_utilizada": "1",
        "reducao_acrescimo": UM,
        "valor_unitario": valor,
        "valor_total": valor * 2,
    }


def _despesa(item: int) -> OutraDespesa:
    return OutraDespesa(
        sequencial_item=item,
        codigo_despesa="03",
        data_execucao=DATA,
        codigo_tabela="19",
        codigo_procedimento="70000001",
        quantidade_executada=Decimal("3.0000"),
        unidade_medida="036",
        reducao_acrescimo=UM,
        valor_unitario=Decimal("4.50"),
        valor_total=Decimal("13.50"),
        descricao_procedimento="Seringa descartável 10 ml",
    )


def _total(
    procedimentos: tuple[ProcedimentoSPSADT, ...] | tuple[ProcedimentoInternacao, ...],
    despesas: tuple[OutraDespesa, ...],
) -> ValorTotalGuia:
    valor_procedimentos = sum((p.valor_total for p in procedimentos), Decimal("0"))
    valor_materiais = sum((d.valor_total for d in despesas), Decimal("0"))
    return ValorTotalGuia(
        valor_procedimentos=valor_procedimentos,
        valor_materiais=valor_materiais if despesas else None,
        valor_total_geral=valor_procedimentos + valor_materiais,
    )


def guia_consulta(indice: int = 1) -> GuiaConsulta:
    return GuiaConsulta(
        registro_ans=REGISTRO_ANS,
        numero_guia_prestador=f"C{indice:07d}",
        beneficiario=_beneficiario(indice),
        contratado_executante=ContratadoExecutante(cnpj_contratado=CNPJ_PRESTADOR, cnes=CNES),
        profissional_executante=_profissional(),
        indicacao_acidente="9",
        regime_atendimento="01",
        data_atendimento=DATA,
        tipo_consulta="1",
        codigo_tabela="22",
        codigo_procedimento="10101012",
        valor_procedimento=Decimal("150.00"),
        observacao="Consulta de rotina; paciente relata dor leve.",
    )


def guia_sp_sadt(indice: int = 1, itens: int = 3) -> GuiaSPSADT:
    procedimentos = tuple(
        ProcedimentoSPSADT(**_campos_procedimento(item), equipe=(_membro(),))  # type: ignore[arg-type]
        for item in range(1, itens + 1)
    )
    despesas = (_despesa(itens + 1),)
    return GuiaSPSADT(
        registro_ans=REGISTRO_ANS,
        numero_guia_prestador=f"S{indice:07d}",
        autorizacao=Autorizacao(
            numero_guia_operadora=f"A{indice:07d}", data_autorizacao=DATA, senha="SENHA1"
        ),
        beneficiario=_beneficiario(indice),
        contratado_solicitante=CONTRATADO,
        nome_contratado_solicitante="Clínica Exemplo Ltda",
        profissional_solicitante=_profissional(),
        data_solicitacao=DATA,
        carater_atendimento="1",
        indicacao_clinica="Investigação diagnóstica",
        contratado_executante=CONTRATADO,
        cnes_executante=CNES,
        tipo_atendimento="04",
        indicacao_acidente="9",
        regime_atendimento="01",
        procedimentos=procedimentos,
        outras_despesas=despesas,
        valor_total=_total(procedimentos, despesas),
    )


def guia_resumo_internacao(indice: int = 1, itens: int = 3) -> GuiaResumoInternacao:
    procedimentos = tuple(
        ProcedimentoInternacao(**_campos_procedimento(item), centro_consumo=None, equipe=(_membro(),))  # type: ignore[arg-type]
        for item in range(1, itens + 1)
    )
    despesas = (_despesa(itens + 1),)
    return GuiaResumoInternacao(
        registro_ans=REGISTRO_ANS,
        numero_guia_prestador=f"R{indice:07d}",
        numero_guia_solicitacao_internacao=f"I{indice:07d}",
        autorizacao=Autorizacao(data_autorizacao=DATA, senha="SENHA2"),
        beneficiario=_beneficiario(indice),
        contratado_executante=CONTRATADO,
        cnes_executante=CNES,
        carater_atendimento="2",
        tipo_faturamento="4",
        data_inicio_faturamento=DATA,
        hora_inicio_faturamento=datetime.time(7, 0),
        data_final_faturamento=DATA + datetime.timedelta(days=2),
        hora_final_faturamento=datetime.time(12, 0),
        tipo_internacao="1",
        regime_internacao="1",
        declaracoes=(Declaracao(declaracao_nascido="12345678901"),),
        diagnosticos=("K359",),
        indicador_acidente="9",
        motivo_encerramento="11",
        procedimentos=procedimentos,
        valor_total=_total(procedimentos, despesas),
        outras_despesas=despesas,
    )


def guia_honorarios(indice: int = 1, itens: int = 3) -> GuiaHonorarios:
    profissional = ProfissionalHonorarios(
        grau_participacao="00",
        cpf_contratado="12345678909",
        nome_profissional="Dr. Bruno Cirurgião",
        conselho_profissional="06",
        numero_conselho_profissional="654321",
        uf="35",
        cbos="225125",
    )
    procedimentos = tuple(
        ProcedimentoHonorarios(**_campos_procedimento(item), profissionais=(profissional,))  # type: ignore[arg-type]
        for item in range(1, itens + 1)
    )
    return GuiaHonorarios(
        registro_ans=REGISTRO_ANS,
        numero_guia_prestador=f"H{indice:07d}",
        guia_solic_internacao=f"I{indice:07d}",
        numero_carteira=f"{indice:012d}",
        atendimento_rn="N",
        local_codigo_na_operadora="000789",
        local_nome_contratado="Hospital Exemplo",
        local_cnes=CNES,
        executante_codigo_na_operadora=CODIGO_PRESTADOR,
        executante_cnes=CNES,
        data_inicio_faturamento=DATA,
        data_fim_faturamento=DATA + datetime.timedelta(days=1),
        carater_atendimento="2",
        procedimentos=procedimentos,
        valor_total_honorarios=sum((p.valor_total for p in procedimentos), Decimal("0")),
        data_emissao_guia=DATA + datetime.timedelta(days=1),
    )


def guia_odontologia(indice: int = 1, itens: int = 3) -> GuiaOdontologia:
    procedimentos = tuple(
        ProcedimentoOdontologia(
            sequencial_item=item,
            codigo_tabela="22",
            codigo_procedimento="81000065",
            descricao_procedimento="Restauração em resina",
            cod_dente=f"{10 + item}",
            dente_face="O",
            qtd_proc=1,
            valor_proc=Decimal("80.00"),
            valor_franquia=Decimal("0.00"),
            autorizado="true",
            data_realizacao=DATA,
        )
        for item in range(1, itens + 1)
    )
    return GuiaOdontologia(
        registro_ans=REGISTRO_ANS,
        numero_guia_prestador=f"O{indice:07d}",
        beneficiario=_beneficiario(indice),
        plano_beneficiario="Plano Dental Exemplo",
        codigo_prof_exec="000321",
        cro_exec="54321",
        uf_exec="35",
        cnes_exec=CNES,
        cbos_exec2="223208",
        procedimentos=procedimentos,
        tipo_atendimento="1",
        tipo_faturamento="4",
        valor_total_proc=Decimal("80.00") * itens,
        valor_total_franquia=Decimal("0.00"),
        odonto_inicial=AnexoSituacaoInicialGTO(
            numero_guia_anexo=f"X{indice:07d}",
            numero_guia_referenciada=f"O{indice:07d}",
            dentes=(DenteSituacaoInicial(elemento_dentario="11", condicao_clinica="A"),),
            doenca_periodontal="false",
        ),
    )


FABRICAS: dict[type[Guia], Callable[..., Guia]] = {
    GuiaConsulta: guia_consulta,
    GuiaSPSADT: guia_sp_sadt,
    GuiaResumoInternacao: guia_resumo_internacao,
    GuiaHonorarios: guia_honorarios,
    GuiaOdontologia: guia_odontologia,
}


def lote(tipo: type[Guia], quantidade: int = 1, itens: int = 3, numero_lote: str = "1") -> Lote:
    """Um lote de `quantidade` guias de `tipo`, cada uma com `itens` itens (a consulta tem sempre um)."""
    fabrica = FABRICAS[tipo]
    guias = [
        fabrica(indice) if tipo is GuiaConsulta else fabrica(indice, itens)
        for indice in range(1, quantidade + 1)
    ]
    return Lote.de_guias(numero_lote, guias)


# --- respostas da operadora ------------------------------------------------------------------------------


def protocolo_recebimento() -> respostas.ProtocoloRecebimento:
    return respostas.ProtocoloRecebimento(
        registro_ans=REGISTRO_ANS,
        prestador=CONTRATADO,
        numero_lote="1",
        data_envio_lote=DATA,
        numero_protocolo="202503000001",
        valor_total_protocolo=Decimal("150.00"),
        guias=(
            respostas.GuiaAnalisada(
                numero_guia_prestador="C0000001",
                beneficiario=_beneficiario(1),
                data_realizacao=DATA,
                valores=respostas.ValorTotal(
                    valor_processado=Decimal("150.00"),
                    valor_glosa=Decimal("0.00"),
                    valor_liberado=Decimal("150.00"),
                ),
            ),
        ),
    )


def _guia_analisada() -> respostas.GuiaAnalisada:
    return respostas.GuiaAnalisada(
        numero_guia_prestador="S0000001",
        beneficiario=_beneficiario(1),
        glosas=(MotivoGlosa(codigo_glosa="1705", descricao_glosa="Valor apresentado a maior"),),
        itens=(
            respostas.ItemAnalisado(
                sequencial_item=1,
                data_execucao=DATA,
                codigo_tabela="22",
                codigo_procedimento="40301001",
                descricao_procedimento="Exame de exemplo",
                quantidade_executada=Decimal("1"),
                valor_unitario=Decimal("30.00"),
                valor_total=Decimal("30.00"),
                centro_consumo="1",
                glosas=(MotivoGlosa(codigo_glosa="1705"),),
                valor_glosa_procedimento=Decimal("5.00"),
            ),
        ),
    )


def situacao_protocolo() -> respostas.SituacaoProtocolo:
    return respostas.SituacaoProtocolo(
        registro_ans=REGISTRO_ANS,
        prestador=CONTRATADO,
        status_protocolo="3",
        numero_protocolo="202503000001",
        numero_lote="1",
        data_envio_lote=DATA,
        valor_total_lote=respostas.ValorTotal(
            valor_processado=Decimal("30.00"), valor_glosa=Decimal("5.00"), valor_liberado=Decimal("25.00")
        ),
        guias=(_guia_analisada(),),
    )


def _cabecalho_demonstrativo() -> respostas.CabecalhoDemonstrativo:
    return respostas.CabecalhoDemonstrativo(
        registro_ans=REGISTRO_ANS,
        numero_demonstrativo="D0001",
        nome_operadora="Operadora Exemplo",
        numero_cnpj=CNPJ_OPERADORA,
        data_emissao=DATA,
    )


def demonstrativo_analise_conta() -> respostas.DemonstrativoAnaliseConta:
    guia = respostas.GuiaDemonstrativo(
        numero_guia_prestador="S0000001",
        numero_carteira="000000000001",
        data_inicio_fat=DATA,
        situacao_guia="3",
        itens=(
            respostas.ItemDemonstrativo(
                sequencial_item=1,
                data_realizacao=DATA,
                codigo_tabela="22",
                codigo_procedimento="40301001",
                descricao_procedimento="Exame de exemplo",
                valor_informado=Decimal("30.00"),
                qtd_executada=Decimal("1"),
                valor_processado=Decimal("30.00"),
                valor_liberado=Decimal("25.00"),
                glosas=(respostas.GlosaItem(valor_glosa=Decimal("5.00"), tipo_glosa="1705"),),
                centro_consumo="1",
            ),
        ),
        valor_informado_guia=Decimal("30.00"),
        valor_processado_guia=Decimal("30.00"),
        valor_liberado_guia=Decimal("25.00"),
        valor_glosa_guia=Decimal("5.00"),
        observacao="Glosa parcial",
    )
    return respostas.DemonstrativoAnaliseConta(
        cabecalho=_cabecalho_demonstrativo(),
        prestador=CONTRATADO,
        cnes=CNES,
        protocolos=(
            respostas.ProtocoloDemonstrativo(
                numero_lote_prestador="1",
                numero_protocolo="202503000001",
                data_protocolo=DATA,
                situacao_protocolo="3",
                guias=(guia,),
                valor_informado_protocolo=Decimal("30.00"),
                valor_processado_protocolo=Decimal("30.00"),
                valor_liberado_protocolo=Decimal("25.00"),
            ),
        ),
        valor_informado_geral=Decimal("30.00"),
        valor_processado_geral=Decimal("30.00"),
        valor_liberado_geral=Decimal("25.00"),
        valor_glosa_geral=Decimal("5.00"),
    )


def _desconto() -> respostas.DebitoCredito:
    return respostas.DebitoCredito(
        indicador="1", tipo_debito_credito="01", descricao_db_cr="Imposto retido", valor_db_cr=Decimal("1.00")
    )


def demonstrativo_pagamento() -> respostas.DemonstrativoPagamento:
    return respostas.DemonstrativoPagamento(
        cabecalho=_cabecalho_demonstrativo(),
        prestador=CONTRATADO,
        cnes=CNES,
        pagamentos=(
            respostas.PagamentoPorData(
                data_pagamento=DATA,
                forma_pagamento="1",
                banco="001",
                agencia="1234",
                nr_conta_cheque="98765",
                protocolos=(
                    respostas.ProtocoloPago(
                        data_protocolo=DATA,
                        numero_protocolo="202503000001",
                        numero_lote="1",
                        valor_informado=Decimal("30.00"),
                        valor_processado=Decimal("30.00"),
                        valor_liberado=Decimal("25.00"),
                        guias=(
                            respostas.GuiaPaga(
                                numero_guia_prestador="S0000001",
                                tipo_pagamento="1",
                                valor_processado_guia=Decimal("30.00"),
                                valor_liberado_guia=Decimal("25.00"),
                            ),
                        ),
                    ),
                ),
                total_informado=Decimal("30.00"),
                total_processado=Decimal("30.00"),
                total_liberado=Decimal("25.00"),
                total_glosa=Decimal("5.00"),
                debitos_creditos=(_desconto(),),
                total_debitos=Decimal("1.00"),
                total_creditos=Decimal("0.00"),
                liquido=Decimal("24.00"),
            ),
        ),
        valor_informado_bruto=Decimal("30.00"),
        valor_processado_bruto=Decimal("30.00"),
        valor_liberado_bruto=Decimal("25.00"),
        valor_glosa_bruto=Decimal("5.00"),
        total_debitos=Decimal("1.00"),
        total_creditos=Decimal("0.00"),
        valor_liberado=Decimal("24.00"),
    )


def demonstrativo_odontologia() -> respostas.DemonstrativoOdontologia:
    zero = Decimal("0.00")
    item = respostas.ItemPagoOdonto(
        sequencial_item=1,
        codigo_tabela="22",
        codigo_procedimento="81000065",
        descricao_procedimento="Restauração em resina",
        cod_dente="11",
        data_realizacao=DATA,
        qtd_proc=1,
        valor_informado=Decimal("80.00"),
        valor_processado=Decimal("80.00"),
        valor_glosa_estorno=zero,
        valor_franquia=zero,
        valor_liberado=Decimal("80.00"),
    )
    guia = respostas.GuiaPagaOdonto(
        numero_guia_prestador="O0000001",
        recurso="N",
        nome_executante="Dra. Carla Dentista",
        carteira_beneficiario="000000000001",
        itens=(item,),
        valor_total_informado=Decimal("80.00"),
        valor_total_processado=Decimal("80.00"),
        valor_total_glosa=zero,
        valor_total_franquia=zero,
        valor_total_liberado=Decimal("80.00"),
    )
    return respostas.DemonstrativoOdontologia(
        registro_ans=REGISTRO_ANS,
        numero_demonstrativo="D0002",
        nome_operadora="Operadora Exemplo",
        cnpj_operadora=CNPJ_OPERADORA,
        periodo_inicio=DATA,
        periodo_fim=DATA,
        codigo_prestador=CODIGO_PRESTADOR,
        cnpj_prestador=CNPJ_PRESTADOR,
        pagamentos=(
            respostas.PagamentoOdontoPorData(
                data_pagamento=DATA,
                protocolos=(
                    respostas.ProtocoloPagoOdonto(
                        numero_lote="1",
                        numero_protocolo="202503000002",
                        guias=(guia,),
                        valor_total_informado=Decimal("80.00"),
                        valor_total_processado=Decimal("80.00"),
                        valor_total_glosa=zero,
                        valor_total_franquia=zero,
                        valor_total_liberado=Decimal("80.00"),
                    ),
                ),
                valor_bruto_informado=Decimal("80.00"),
                valor_bruto_processado=Decimal("80.00"),
                valor_bruto_glosa=zero,
                valor_bruto_franquia=zero,
                valor_bruto_liberado=Decimal("80.00"),
                valor_total_debitos=zero,
                valor_total_creditos=zero,
                valor_final_a_receber=Decimal("80.00"),
            ),
        ),
        valor_informado=Decimal("80.00"),
        valor_processado=Decimal("80.00"),
        valor_glosa=zero,
        valor_franquia=zero,
        valor_liberado=Decimal("80.00"),
        total_debitos=zero,
        total_creditos=zero,
        valor_recebido=Decimal("80.00"),
    )


def recurso_glosa_recebido() -> respostas.RecursoGlosaRecebido:
    return respostas.RecursoGlosaRecebido(
        nr_protocolo_recurso_glosa="202503000003",
        data_envio_recurso=DATA,
        data_recebimento_recurso=DATA,
        numero_lote="1",
        registro_ans=REGISTRO_ANS,
        prestador=CONTRATADO,
        nr_protocolo_recursado="202503000001",
        codigo_glosa_protocolo="1705",
        justificativa_protocolo="Valor conforme contrato",
        valor_total_recursado=Decimal("5.00"),
    )


def resposta_recurso_glosa() -> respostas.RespostaRecursoGlosa:
    return respostas.RespostaRecursoGlosa(
        registro_ans=REGISTRO_ANS,
        numero_guia_rec_glosa_prestador="RG000001",
        nome_operadora="Operadora Exemplo",
        objeto_recurso="2",
        codigo_prestador=CODIGO_PRESTADOR,
        numero_lote="1",
        numero_protocolo="202503000001",
        respostas_item=(
            respostas.RespostaItemRecurso(
                numero_guia_prestador="S0000001",
                data_realizacao=DATA,
                sequencial_item=1,
                codigo_tabela="22",
                codigo_procedimento="40301001",
                descricao_procedimento="Exame de exemplo",
                cod_glosa="1705",
                valor_recursado=Decimal("5.00"),
                justificativa_prestador="Valor conforme contrato",
                valor_acatado=Decimal("5.00"),
            ),
        ),
        data_recurso=DATA,
        valor_total_recursado=Decimal("5.00"),
        valor_total_acatado=Decimal("5.00"),
    )


def autorizacao_servico(
    classe: type[respostas.AutorizacaoServico] = respostas.AutorizacaoServico,
) -> respostas.AutorizacaoServico:
    return classe(
        numero_guia_prestador="S0000001",
        numero_guia_operadora="A0000001",
        data_autorizacao=DATA,
        senha="SENHA1",
        data_validade_senha=DATA + datetime.timedelta(days=90),
        tipo_etapa_autorizacao="1",
        beneficiario=_beneficiario(1),
        nome_beneficiario="Maria Exemplo",
        status_solicitacao="1",
        servicos_autorizados=(
            respostas.ServicoAutorizado(
                sequencial_item=1,
                codigo_tabela="22",
                codigo_procedimento="40301001",
                descricao_procedimento="Exame de exemplo",
                quantidade_solicitada=1,
                quantidade_autorizada=1,
            ),
        ),
    )


def recibo_elegibilidade() -> respostas.ReciboElegibilidade:
    return respostas.ReciboElegibilidade(
        registro_ans=REGISTRO_ANS,
        numero_carteira="000000000001",
        nome_beneficiario="Maria Exemplo",
        resposta_solicitacao="N",
        motivos_negativa=(MotivoGlosa(codigo_glosa="1017", descricao_glosa="Carteira vencida"),),
    )


def recibo_cancela_guia() -> respostas.ReciboCancelaGuia:
    return respostas.ReciboCancelaGuia(
        registro_ans=REGISTRO_ANS,
        prestador=CONTRATADO,
        guias=(
            respostas.GuiaCancelada(tipo_guia="1", numero_guia_prestador="S0000001", status_cancelamento="1"),
        ),
    )


RESPOSTAS = {
    respostas.ProtocoloRecebimento: protocolo_recebimento,
    respostas.RecusaLote: lambda: respostas.RecusaLote(codigo_glosa="5014", descricao_glosa="Hash inválido"),
    respostas.SituacaoProtocolo: situacao_protocolo,
    respostas.DemonstrativoAnaliseConta: demonstrativo_analise_conta,
    respostas.DemonstrativoPagamento: demonstrativo_pagamento,
    respostas.DemonstrativoOdontologia: demonstrativo_odontologia,
    respostas.RecursoGlosaRecebido: recurso_glosa_recebido,
    respostas.RespostaRecursoGlosa: resposta_recurso_glosa,
    respostas.AutorizacaoServico: autorizacao_servico,
    respostas.StatusAutorizacao: lambda: autorizacao_servico(respostas.StatusAutorizacao),
    respostas.ReciboElegibilidade: recibo_elegibilidade,
    respostas.ReciboCancelaGuia: recibo_cancela_guia,
}


# --- pedidos do prestador --------------------------------------------------------------------------------


def _procedimento_solicitado() -> requests.ProcedimentoSolicitado:
    return requests.ProcedimentoSolicitado(
        codigo_tabela="22",
        codigo_procedimento="40301001",
        descricao_procedimento="Exame de exemplo",
        quantidade_solicitada=1,
    )


def solicitacao_procedimento(
    anexo_clinico: requests.AnexoClinico | None = None, observacao: str | None = None
) -> requests.SolicitacaoProcedimento:
    return requests.SolicitacaoProcedimento(
        sp_sadt=requests.SolicitacaoSPSADT(
            registro_ans=REGISTRO_ANS,
            numero_guia_prestador="S0000001",
            tipo_etapa_autorizacao="1",
            beneficiario=_beneficiario(1),
            contratado_solicitante=CONTRATADO,
            nome_contratado_solicitante="Clínica Exemplo Ltda",
            profissional_solicitante=_profissional(),
            carater_atendimento="1",
            data_solicitacao=DATA,
            indicacao_clinica="Investigação diagnóstica",
            procedimentos=(_procedimento_solicitado(),),
            executante_codigo_na_operadora=CODIGO_PRESTADOR,
            executante_cnes=CNES,
            anexo_clinico=anexo_clinico,
            observacao=observacao,
        )
    )


def solicitacao_internacao(
    anexo_clinico: requests.AnexoClinico | None = None,
) -> requests.SolicitacaoProcedimento:
    return requests.SolicitacaoProcedimento(
        internacao=requests.SolicitacaoInternacao(
            registro_ans=REGISTRO_ANS,
            numero_guia_prestador="I0000001",
            tipo_etapa_autorizacao="1",
            beneficiario=_beneficiario(1),
            contratado_solicitante=CONTRATADO,
            profissional_solicitante=_profissional(),
            hospital_codigo_na_operadora="000789",
            hospital_nome="Hospital Exemplo",
            data_sugerida_internacao=DATA,
            carater_atendimento="1",
            tipo_internacao="1",
            regime_internacao="1",
            qt_diarias_solicitadas=2,
            indicador_opme="N" if anexo_clinico is None or anexo_clinico.solicitacao_opme is None else "S",
            indicador_quimio=(
                "N" if anexo_clinico is None or anexo_clinico.solicitacao_quimioterapia is None else "S"
            ),
            indicacao_clinica="Apendicite aguda",
            diagnosticos=("K359",),
            indicador_acidente="9",
            procedimentos=(_procedimento_solicitado(),),
            data_solicitacao=DATA,
            anexo_clinico=anexo_clinico,
        )
    )


# Anexos clínicos: os mesmos no lote de anexos (ENVIO_ANEXO) e dentro das solicitações. O do lote já traz a
# senha e a data da autorização da guia referenciada; o que acompanha o pedido, não.


def _cabecalho_anexo(numero_guia_anexo: str, *, autorizado: bool) -> requests.CabecalhoAnexo:
    return requests.CabecalhoAnexo(
        registro_ans=REGISTRO_ANS,
        numero_guia_anexo=numero_guia_anexo,
        numero_guia_referenciada="S0000001",
        numero_guia_operadora="A0000001" if autorizado else None,
        data_solicitacao=DATA,
        senha="SENHA1" if autorizado else None,
        data_autorizacao=DATA if autorizado else None,
    )


def _solicitante_anexo() -> requests.SolicitanteAnexo:
    return requests.SolicitanteAnexo(
        nome_profissional="Dra. Ana Exemplo",
        telefone_profissional="11987654321",
        email_profissional="ana@exemplo.com.br",
    )


def _diagnostico_oncologico() -> requests.DiagnosticoOncologico:
    return requests.DiagnosticoOncologico(
        data_diagnostico=DATA - datetime.timedelta(days=30),
        diagnosticos=("C509", "C773"),
        estadiamento="2",
        finalidade="1",
        ecog="1",
        diagnostico_histopatologico="Carcinoma ductal invasivo, grau 2",
        info_relevantes="Sem comorbidades; função cardíaca preservada.",
    )


def anexo_quimio(*, autorizado: bool = True) -> requests.AnexoSolicitacaoQuimio:
    return requests.AnexoSolicitacaoQuimio(
        cabecalho=_cabecalho_anexo("Q0000001", autorizado=autorizado),
        beneficiario=_beneficiario(1),
        peso=Decimal("68.50"),
        altura=Decimal("165.00"),
        superficie_corporal=Decimal("1.75"),
        idade=52,
        sexo="3",
        medico_solicitante=_solicitante_anexo(),
        diagnostico=_diagnostico_oncologico(),
        tumor="2",
        nodulo="2",
        metastase="2",
        tipo_quimioterapia="1",
        plano_terapeutico="AC-T: 4 ciclos de doxorrubicina e ciclofosfamida a cada 21 dias.",
        drogas=(
            requests.DrogaSolicitada(
                data_provavel=DATA + datetime.timedelta(days=7),
                codigo_tabela="20",
                codigo_procedimento="90000001",
                descricao_procedimento="Doxorrubicina 50 mg",
                qt_doses=Decimal("2.00"),
                unidade_medida="036",
                via_administracao="05",
                frequencia=1,
            ),
            requests.DrogaSolicitada(
                data_provavel=DATA + datetime.timedelta(days=7),
                codigo_tabela="20",
                codigo_procedimento="90000002",
                descricao_procedimento="Ciclofosfamida 1 g",
                qt_doses=Decimal("1.00"),
                unidade_medida="036",
                via_administracao="05",
                frequencia=1,
            ),
        ),
        cirurgia="Quadrantectomia",
        data_cirurgia=DATA - datetime.timedelta(days=20),
        numero_ciclos=4,
        ciclo_atual=1,
        dias_ciclo_atual=21,
        intervalo_ciclos=21,
        observacao="Primeiro ciclo.",
    )


def anexo_radio(*, autorizado: bool = True) -> requests.AnexoSolicitacaoRadio:
    return requests.AnexoSolicitacaoRadio(
        cabecalho=_cabecalho_anexo("T0000001", autorizado=autorizado),
        beneficiario=_beneficiario(1),
        idade=52,
        sexo="3",
        medico_solicitante=_solicitante_anexo(),
        diagnostico=_diagnostico_oncologico(),
        diagnostico_imagem="2",
        cirurgia="Quadrantectomia",
        data_cirurgia=DATA - datetime.timedelta(days=20),
        quimioterapia="AC-T",
        data_quimioterapia=DATA - datetime.timedelta(days=10),
        numero_campos=2,
        dose_campo=200,
        dose_total=5000,
        nr_dias=25,
        dt_prevista_inicio=DATA + datetime.timedelta(days=14),
        observacao="Radioterapia adjuvante.",
    )


def anexo_opme(*, autorizado: bool = True) -> requests.AnexoSolicitacaoOPME:
    return requests.AnexoSolicitacaoOPME(
        cabecalho=_cabecalho_anexo("M0000001", autorizado=autorizado),
        beneficiario=_beneficiario(1),
        profissional_solicitante=_solicitante_anexo(),
        justificativa_tecnica="Fratura cominutiva de rádio distal; fixação interna com placa bloqueada.",
        especificacao_material="Placa de titânio com parafusos bloqueados",
        opmes=(
            requests.OPMESolicitada(
                codigo_tabela="19",
                codigo_procedimento="70000002",
                descricao_procedimento="Placa bloqueada de titânio 6 furos",
                opcao_fabricante="1",
                quantidade_solicitada=1,
                valor_solicitado=Decimal("1850.00"),
                registro_anvisa="80123450001",
                codigo_ref_fabricante="PB-6F-2025",
                autorizacao_funcionamento="1.23456-7",
            ),
            requests.OPMESolicitada(
                codigo_tabela="19",
                codigo_procedimento="70000003",
                descricao_procedimento="Parafuso bloqueado 2,4 mm",
                opcao_fabricante="2",
                quantidade_solicitada=6,
            ),
        ),
        observacao="Material consignado.",
    )


def anexo_clinico() -> requests.AnexoClinico:
    """Os três anexos de uma vez (o XSD os admite juntos no `anexoClinico`)."""
    return requests.AnexoClinico(
        solicitacao_quimioterapia=anexo_quimio(autorizado=False),
        solicitacao_radioterapia=anexo_radio(autorizado=False),
        solicitacao_opme=anexo_opme(autorizado=False),
    )


def solicitacao_prorrogacao() -> requests.SolicitacaoProcedimento:
    return requests.SolicitacaoProcedimento(
        prorrogacao=requests.SolicitacaoProrrogacao(
            registro_ans=REGISTRO_ANS,
            numero_guia_prestador="P0000001",
            numero_guia_referenciada="I0000001",
            numero_carteira=f"{1:012d}",
            contratado_solicitante=CONTRATADO,
            nome_contratado_solicitante="Hospital Exemplo",
            profissional_solicitante=_profissional(),
            qt_diarias_adicionais=3,
            tipo_acomodacao_solicitada="02",
            indicacao_clinica="Infecção de ferida operatória; antibioticoterapia venosa.",
            procedimentos=(_procedimento_solicitado(),),
            anexo_clinico=requests.AnexoClinico(solicitacao_opme=anexo_opme(autorizado=False)),
            observacao="Prorrogação por complicação pós-operatória.",
            data_solicitacao=DATA + datetime.timedelta(days=2),
        )
    )


def solicitacao_odontologia() -> requests.SolicitacaoProcedimento:
    return requests.SolicitacaoProcedimento(
        odontologia=requests.SolicitacaoOdontologia(
            registro_ans=REGISTRO_ANS,
            numero_guia_prestador="OS000001",
            numero_carteira=f"{1:012d}",
            atendimento_rn="N",
            plano_beneficiario="Plano Dental Exemplo",
            nome_prof_solic="Dra. Carla Dentista",
            cro_solic="54321",
            uf_solic="35",
            cbos_solic="223208",
            codigo_prof_exec="000321",
            cro_exec="54321",
            uf_exec="35",
            cnes_exec=CNES,
            cbos_exec2="223208",
            procedimentos=(
                requests.ProcedimentoOdontoSolicitado(
                    codigo_tabela="22",
                    codigo_procedimento="81000065",
                    descricao_procedimento="Restauração em resina",
                    cod_dente="11",
                    dente_face="OV",
                    qtd_proc=1,
                    qtd_us=Decimal("1.50"),
                    valor_proc=Decimal("80.00"),
                    valor_franquia=Decimal("0.00"),
                    aut="S",
                ),
                requests.ProcedimentoOdontoSolicitado(
                    codigo_tabela="22",
                    codigo_procedimento="85300020",
                    descricao_procedimento="Raspagem supragengival",
                    cod_regiao="AS",
                    qtd_proc=1,
                    valor_proc=Decimal("60.00"),
                    aut="S",
                    data_realizacao=DATA,
                ),
            ),
            data_termino_trat=DATA + datetime.timedelta(days=30),
            tipo_atendimento="1",
            qtd_total_us=Decimal("1.50"),
            valor_total_proc=Decimal("140.00"),
            valor_total_franquia=Decimal("0.00"),
            observacao="Plano de tratamento inicial.",
            odonto_inicial=requests.AnexoSituacaoInicial(
                registro_ans=REGISTRO_ANS,
                numero_guia_anexo="X0000002",
                numero_guia_referenciada="OS000001",
                numero_carteira=f"{1:012d}",
                dentes=(requests.DenteAnexo(elemento_dentario="11", condicao_clinica="C"),),
                doenca_periodontal="true",
                alteracao_tecido_mole="false",
            ),
        )
    )


def recurso_glosa() -> requests.RecursoGlosa:
    return requests.RecursoGlosa(
        registro_ans=REGISTRO_ANS,
        numero_guia_rec_glosa_prestador="RG000001",
        nome_operadora="Operadora Exemplo",
        objeto_recurso="2",
        contratado=CONTRATADO,
        numero_lote="1",
        numero_protocolo="202503000001",
        guias=(
            requests.GuiaRecursada(
                numero_guia_origem="S0000001",
                itens=(
                    requests.ItemRecursado(
                        sequencial_item=1,
                        data_inicio=DATA,
                        codigo_tabela="22",
                        codigo_procedimento="40301001",
                        descricao_procedimento="Exame de exemplo",
                        centro_consumo="1",
                        cod_glosa_item="1705",
                        valor_recursado=Decimal("5.00"),
                        justificativa_item="Valor conforme contrato",
                    ),
                ),
            ),
        ),
        valor_total_recursado=Decimal("5.00"),
        data_recurso=DATA,
    )


def recurso_glosa_guia_completa() -> requests.RecursoGlosa:
    """O ramo `recursoGuiaCompleta` do recurso médico: a glosa da guia inteira, sem itens."""
    return dataclasses.replace(
        recurso_glosa(),
        guias=(
            requests.GuiaRecursada(
                numero_guia_origem="S0000001",
                numero_guia_operadora="A0000001",
                senha="SENHA1",
                recursos_guia_completa=(
                    requests.RecursoGuiaCompleta(
                        cod_glosa_guia="1705", justificativa_guia="Valores conforme tabela contratada"
                    ),
                ),
            ),
        ),
    )


def recurso_glosa_protocolo() -> requests.RecursoGlosa:
    """O ramo `recursoProtocolo`: o protocolo inteiro, sem guias."""
    return dataclasses.replace(
        recurso_glosa(),
        objeto_recurso="1",
        codigo_glosa_protocolo="1705",
        justificativa_protocolo="Valores conforme tabela contratada",
        guias=(),
    )


def recurso_glosa_odonto() -> requests.RecursoGlosaOdonto:
    return requests.RecursoGlosaOdonto(
        registro_ans=REGISTRO_ANS,
        numero_guia_rec_glosa_prestador="RO000001",
        nome_operadora="Operadora Exemplo",
        objeto_recurso="2",
        contratado=CONTRATADO,
        numero_lote="1",
        numero_protocolo="202503000002",
        guias=(
            requests.GuiaRecursadaOdonto(
                numero_guia_prestador="O0000001",
                numero_guia_operadora="A0000002",
                cod_glosa_guia="1705",
                justificativa_guia="Valor conforme contrato",
                procedimentos=(
                    requests.ProcedimentoRecursadoOdonto(
                        sequencial_item=1,
                        data_realizacao=DATA,
                        cod_dente="11",
                        dente_face="O",
                        quantidade=1,
                        codigo_tabela="22",
                        codigo_procedimento="81000065",
                        descricao_procedimento="Restauração em resina",
                        cod_glosa_proc="1705",
                        justificativa_proc="Valor conforme contrato",
                        valor_recursado=Decimal("10.00"),
                    ),
                    requests.ProcedimentoRecursadoOdonto(
                        sequencial_item=2,
                        data_realizacao=DATA,
                        cod_regiao="AS",
                        quantidade=1,
                        codigo_tabela="22",
                        codigo_procedimento="85300020",
                        descricao_procedimento="Raspagem supragengival",
                        cod_glosa_proc="1705",
                        justificativa_proc="Valor conforme contrato",
                        valor_recursado=Decimal("5.00"),
                    ),
                ),
            ),
        ),
        valor_total_recursado=Decimal("15.00"),
        data_recurso=DATA,
    )


def recurso_glosa_odonto_protocolo() -> requests.RecursoGlosaOdonto:
    return dataclasses.replace(
        recurso_glosa_odonto(),
        objeto_recurso="1",
        codigo_glosa_protocolo="1705",
        justificativa_protocolo="Valores conforme tabela contratada",
        guias=(),
    )


PEDIDOS = {
    "solicitacao_sp_sadt": solicitacao_procedimento,
    "solicitacao_internacao": solicitacao_internacao,
    "solicitacao_sp_sadt_anexo_clinico": lambda: solicitacao_procedimento(
        anexo_clinico=anexo_clinico(), observacao="Anexos de quimioterapia, radioterapia e OPME."
    ),
    "solicitacao_internacao_anexo_clinico": lambda: solicitacao_internacao(
        requests.AnexoClinico(
            solicitacao_quimioterapia=anexo_quimio(autorizado=False),
            solicitacao_opme=anexo_opme(autorizado=False),
        )
    ),
    "solicitacao_prorrogacao": solicitacao_prorrogacao,
    "solicitacao_odontologia": solicitacao_odontologia,
    "verificacao_elegibilidade": lambda: requests.VerificacaoElegibilidade(
        prestador=CONTRATADO, numero_carteira="000000000001", validade_carteira=DATA
    ),
    "status_protocolo": lambda: requests.SolicitacaoStatusProtocolo(
        prestador=CONTRATADO, numero_protocolo="202503000001"
    ),
    "status_recurso_glosa": lambda: requests.SolicitacaoStatusRecursoGlosa(
        prestador=CONTRATADO, numero_protocolo="202503000003"
    ),
    "status_autorizacao": lambda: requests.SolicitacaoStatusAutorizacao(
        registro_ans=REGISTRO_ANS,
        numero_guia_prestador="S0000001",
        beneficiario=_beneficiario(1),
        contratado=CONTRATADO,
    ),
    "demonstrativo_pagamento": lambda: requests.SolicitacaoDemonstrativo(
        pagamento_prestador=CONTRATADO,
        pagamento_data_solicitacao=DATA,
        tipo_demonstrativo="1",
        competencia="202503",
    ),
    "demonstrativo_analise": lambda: requests.SolicitacaoDemonstrativo(
        analise_prestador=CONTRATADO,
        analise_data_solicitacao=DATA,
        protocolos=("202503000001", "202503000002"),
    ),
    "cancelamento_guia": lambda: requests.CancelamentoGuia(
        prestador=CONTRATADO,
        guias=(requests.GuiaACancelar(tipo_guia="1", numero_guia_prestador="S0000001"),),
    ),
    "cancelamento_lote": lambda: requests.CancelamentoGuia(prestador=CONTRATADO, numero_lote="1"),
    "recurso_glosa": recurso_glosa,
    "recurso_glosa_guia_completa": recurso_glosa_guia_completa,
    "recurso_glosa_protocolo": recurso_glosa_protocolo,
    "recurso_glosa_odonto": recurso_glosa_odonto,
    "recurso_glosa_odonto_protocolo": recurso_glosa_odonto_protocolo,
    "comunicacao_internacao": lambda: requests.ComunicacaoInternacao(
        beneficiario=_beneficiario(1), data_evento=DATA, tipo_evento="I", tipo_internacao="1"
    ),
    "comunicacao_alta": lambda: requests.ComunicacaoInternacao(
        beneficiario=_beneficiario(1), data_evento=DATA, tipo_evento="A", motivo_encerramento="11"
    ),
    "envio_documento": lambda: requests.EnvioDocumento(
        numero_protocolo="202503000001",
        numero_documento="DOC1",
        natureza_guia="1",
        formato_documento="01",
        documento="JVBERi0xLjQK",
        tipo_documento="01",
    ),
    "lote_anexos": lambda: requests.LoteAnexos(
        numero_lote="2",
        anexos_situacao_inicial=(
            requests.AnexoSituacaoInicial(
                registro_ans=REGISTRO_ANS,
                numero_guia_anexo="X0000001",
                numero_guia_referenciada="O0000001",
                numero_carteira="000000000001",
                dentes=(requests.DenteAnexo(elemento_dentario="11", condicao_clinica="A"),),
                doenca_periodontal="false",
                alteracao_tecido_mole="false",
            ),
        ),
    ),
    "lote_anexo_opme": lambda: requests.LoteAnexos(numero_lote="3", anexo_solicitacao_opme=anexo_opme()),
    "lote_anexo_quimio": lambda: requests.LoteAnexos(
        numero_lote="4", anexo_solicitacao_quimio=anexo_quimio()
    ),
    "lote_anexo_radio": lambda: requests.LoteAnexos(numero_lote="5", anexo_solicitacao_radio=anexo_radio()),
}
