"""Between the TISS engine's typed guides (`operadora.tiss.guias`) and billing's rows, both ways.

`campos_da_guia` turns one typed guide into the column values of its rows (guide, items with their teams, outras
despesas, annexes): the receipt writes them with COPY without building model instances (`gravacao`);
`linhas_da_guia` wraps the same values in unsaved model instances for the other callers; `guia_tiss` rebuilds the
typed guide from saved rows (to export a lote as ENVIO_LOTE_GUIAS; a GTO carries its situação inicial in
`odontoInicial`), and `lote_anexos_tiss` a guide's OPME, quimioterapia, radioterapia or situação inicial annex as
the `loteAnexos` of an ENVIO_ANEXO. No parsing, hashing or validation happens here: the engine does that.
"""

import dataclasses
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from operadora.core.erros import ErroDeNegocio
from operadora.tiss import guias as t
from operadora.tiss import requests as pedidos

from . import codigos
from .models import AnexoGuia, Guia, ItemGuia, MembroEquipe, OutraDespesa, TipoGuia

ZERO = Decimal("0.00")
UM = Decimal("1.00")

# dm_UF: the TISS code of each state is its IBGE code.
UF_IBGE = {
    "RO": "11",
    "AC": "12",
    "AM": "13",
    "RR": "14",
    "PA": "15",
    "AP": "16",
    "TO": "17",
    "MA": "21",
    "PI": "22",
    "CE": "23",
    "RN": "24",
    "PB": "25",
    "PE": "26",
    "AL": "27",
    "SE": "28",
    "BA": "29",
    "MG": "31",
    "ES": "32",
    "RJ": "33",
    "SP": "35",
    "PR": "41",
    "SC": "42",
    "RS": "43",
    "MS": "50",
    "MT": "51",
    "GO": "52",
    "DF": "53",
}
UF_SIGLA = {codigo: sigla for sigla, codigo in UF_IBGE.items()}

TIPO_POR_CLASSE: dict[type, str] = {
    t.GuiaConsulta: TipoGuia.CONSULTA,
    t.GuiaSPSADT: TipoGuia.SP_SADT,
    t.GuiaResumoInternacao: TipoGuia.RESUMO_INTERNACAO,
    t.GuiaHonorarios: TipoGuia.HONORARIOS,
    t.GuiaOdontologia: TipoGuia.ODONTOLOGIA,
}
CLASSE_POR_TIPO = {tipo: classe for classe, tipo in TIPO_POR_CLASSE.items()}

CAMPO_TOTAL_POR_DESPESA = {
    "01": "valor_gases",
    "02": "valor_medicamentos",
    "03": "valor_materiais",
    "05": "valor_diarias",
    "07": "valor_taxas",
    "08": "valor_opme",
}


def uf_tiss(uf: str) -> str:
    """'SP' → '35'; a code already numeric is kept."""
    return UF_IBGE.get(uf.upper(), uf) if uf else ""


Campos = dict[str, Any]


@dataclasses.dataclass(slots=True)
class CamposGuia:
    """The column values (attname → value) of one typed guide's rows, before any model instance exists:
    what the receipt's COPY writes directly. `equipes[i]` is the team of `itens[i]`; fields left out take the
    model's defaults."""

    guia: Campos
    itens: list[Campos]
    equipes: list[list[Campos]]
    despesas: list[Campos]
    anexos: list[Campos]


@dataclasses.dataclass
class LinhasGuia:
    """The unsaved rows of one guide; `equipes[i]` is the team of `itens[i]`."""

    guia: Guia
    itens: list[ItemGuia]
    equipes: list[list[MembroEquipe]]
    despesas: list[OutraDespesa]
    anexos: list[AnexoGuia]


def _s(valor: Any) -> str:
    return "" if valor is None else str(valor)


def _logico(valor: str | None) -> bool | None:
    """A TISS `st_logico` (an xs:boolean: "true"/"1" or "false"/"0") as a boolean; None when absent."""
    if valor is None:
        return None
    return valor.strip() in ("true", "1")


def _profissional(g: Campos, prefixo: str, profissional: t.Profissional | None) -> None:
    if profissional is None:
        return
    g[f"{prefixo}_nome"] = _s(profissional.nome_profissional)[:70]
    g[f"{prefixo}_conselho"] = profissional.conselho_profissional
    g[f"{prefixo}_numero"] = profissional.numero_conselho_profissional
    g[f"{prefixo}_uf"] = profissional.uf
    g[f"{prefixo}_cbo"] = profissional.cbos


def _contratado(contratado: t.Contratado | None) -> str:
    if contratado is None:
        return ""
    return _s(
        contratado.codigo_prestador_na_operadora or contratado.cnpj_contratado or contratado.cpf_contratado
    )


def _membro(membro: t.MembroEquipe | t.ProfissionalHonorarios) -> Campos:
    return {
        "grau_participacao": _s(membro.grau_participacao),
        "nome": membro.nome_profissional[:70],
        "codigo_prestador": _s(membro.codigo_prestador_na_operadora or membro.cpf_contratado),
        "conselho": membro.conselho_profissional,
        "numero_conselho": membro.numero_conselho_profissional,
        "uf": membro.uf,
        "cbo": membro.cbos,
    }


def _item(
    procedimento: t.Procedimento, equipe: Iterable[t.MembroEquipe | t.ProfissionalHonorarios], g: Campos
) -> tuple[Campos, list[Campos]]:
    membros = [_membro(m) for m in equipe]
    if membros:
        principal = membros[0]
        executante = (
            principal["grau_participacao"],
            principal["conselho"],
            principal["numero_conselho"],
            principal["uf"],
            principal["cbo"],
        )
    else:
        executante = (
            "",
            g.get("executante_conselho", ""),
            g.get("executante_numero", ""),
            g.get("executante_uf", ""),
            g.get("executante_cbo", ""),
        )
    item = {
        "sequencial": procedimento.sequencial_item,
        "data_execucao": procedimento.data_execucao,
        "hora_inicial": procedimento.hora_inicial,
        "hora_final": procedimento.hora_final,
        "tabela": procedimento.codigo_tabela,
        "codigo": procedimento.codigo_procedimento,
        "descricao": procedimento.descricao_procedimento[:150],
        "quantidade": Decimal(procedimento.quantidade_executada),
        "via_acesso": _s(procedimento.via_acesso),
        "tecnica": _s(procedimento.tecnica_utilizada),
        "reducao_acrescimo": procedimento.reducao_acrescimo,
        "valor_unitario": procedimento.valor_unitario,
        "valor_total": procedimento.valor_total,
        "grau_participacao": executante[0],
        "executante_conselho": executante[1],
        "executante_numero": executante[2],
        "executante_uf": executante[3],
        "executante_cbo": executante[4],
    }
    return item, membros


def _despesa(despesa: t.OutraDespesa) -> Campos:
    return {
        "sequencial": despesa.sequencial_item,
        "codigo_despesa": despesa.codigo_despesa,
        "data_execucao": despesa.data_execucao,
        "hora_inicial": despesa.hora_inicial,
        "hora_final": despesa.hora_final,
        "tabela": despesa.codigo_tabela,
        "codigo": despesa.codigo_procedimento,
        "descricao": despesa.descricao_procedimento[:150],
        "quantidade": despesa.quantidade_executada,
        "unidade_medida": despesa.unidade_medida,
        "reducao_acrescimo": despesa.reducao_acrescimo,
        "valor_unitario": despesa.valor_unitario,
        "valor_total": despesa.valor_total,
        "registro_anvisa": _s(despesa.registro_anvisa),
        "codigo_ref_fabricante": _s(despesa.codigo_ref_fabricante),
        "autorizacao_funcionamento": _s(despesa.autorizacao_funcionamento),
        "item_vinculado": despesa.item_vinculado,
    }


def _totais(g: Campos, total: t.ValorTotalGuia) -> None:
    g["valor_procedimentos"] = total.valor_procedimentos or ZERO
    g["valor_diarias"] = total.valor_diarias or ZERO
    g["valor_taxas"] = total.valor_taxas_alugueis or ZERO
    g["valor_materiais"] = total.valor_materiais or ZERO
    g["valor_medicamentos"] = total.valor_medicamentos or ZERO
    g["valor_opme"] = total.valor_opme or ZERO
    g["valor_gases"] = total.valor_gases_medicinais or ZERO
    g["valor_total"] = total.valor_total_geral


def _autorizacao(g: Campos, autorizacao: t.Autorizacao | None) -> None:
    if autorizacao is None:
        return
    g["numero_guia_operadora"] = _s(autorizacao.numero_guia_operadora)
    g["data_autorizacao"] = autorizacao.data_autorizacao
    g["senha"] = _s(autorizacao.senha)
    g["validade_senha"] = autorizacao.data_validade_senha


def _beneficiario(g: Campos, beneficiario: t.Beneficiario) -> None:
    g["carteira"] = beneficiario.numero_carteira
    g["atendimento_rn"] = beneficiario.atendimento_rn == "S"
    g["tipo_identificacao"] = _s(beneficiario.tipo_ident)


def _executante_da_equipe(g: Campos, membro: t.MembroEquipe | t.ProfissionalHonorarios | None) -> None:
    if membro is None:
        return
    g["executante_nome"] = membro.nome_profissional[:70]
    g["executante_conselho"] = membro.conselho_profissional
    g["executante_numero"] = membro.numero_conselho_profissional
    g["executante_uf"] = membro.uf
    g["executante_cbo"] = membro.cbos


def campos_da_guia(guia_tiss: t.Guia) -> CamposGuia:
    """The rows of `guia_tiss` as column values (no operadora, prestador, lote or state: the caller's)."""
    g: Campos = {
        "tipo": TIPO_POR_CLASSE[type(guia_tiss)],
        "numero_guia_prestador": guia_tiss.numero_guia_prestador,
    }
    campos = CamposGuia(g, [], [], [], [])

    def adicionar(procedimento: t.Procedimento, equipe: Iterable[Any]) -> None:
        item, membros = _item(procedimento, equipe, g)
        campos.itens.append(item)
        campos.equipes.append(membros)

    if isinstance(guia_tiss, t.GuiaConsulta):
        g["numero_guia_operadora"] = _s(guia_tiss.numero_guia_operadora)
        _beneficiario(g, guia_tiss.beneficiario)
        g["cnes_executante"] = guia_tiss.contratado_executante.cnes
        _profissional(g, "executante", guia_tiss.profissional_executante)
        g["indicacao_acidente"] = guia_tiss.indicacao_acidente
        g["regime_atendimento"] = guia_tiss.regime_atendimento
        g["tipo_consulta"] = guia_tiss.tipo_consulta
        g["data_atendimento"] = guia_tiss.data_atendimento
        g["observacao"] = _s(guia_tiss.observacao)
        g["valor_procedimentos"] = g["valor_total"] = guia_tiss.valor_procedimento
        g["extras"] = {
            "cobertura_especial": _s(guia_tiss.cobertura_especial),
            "saude_ocupacional": _s(guia_tiss.saude_ocupacional),
        }
        campos.itens.append(
            {
                "sequencial": 1,
                "data_execucao": guia_tiss.data_atendimento,
                "tabela": guia_tiss.codigo_tabela,
                "codigo": guia_tiss.codigo_procedimento,
                "descricao": "",
                "quantidade": UM,
                "valor_unitario": guia_tiss.valor_procedimento,
                "valor_total": guia_tiss.valor_procedimento,
                "executante_conselho": g.get("executante_conselho", ""),
                "executante_numero": g.get("executante_numero", ""),
                "executante_uf": g.get("executante_uf", ""),
                "executante_cbo": g.get("executante_cbo", ""),
            }
        )
        campos.equipes.append([])
    elif isinstance(guia_tiss, t.GuiaSPSADT):
        g["numero_guia_principal"] = _s(guia_tiss.guia_principal)
        _autorizacao(g, guia_tiss.autorizacao)
        _beneficiario(g, guia_tiss.beneficiario)
        g["contratado_solicitante"] = _contratado(guia_tiss.contratado_solicitante)
        g["nome_contratado_solicitante"] = guia_tiss.nome_contratado_solicitante[:70]
        _profissional(g, "solicitante", guia_tiss.profissional_solicitante)
        g["data_solicitacao"] = guia_tiss.data_solicitacao
        g["carater_atendimento"] = guia_tiss.carater_atendimento
        g["indicacao_clinica"] = _s(guia_tiss.indicacao_clinica)[:500]
        g["cnes_executante"] = guia_tiss.cnes_executante
        g["tipo_atendimento"] = guia_tiss.tipo_atendimento
        g["indicacao_acidente"] = guia_tiss.indicacao_acidente
        g["tipo_consulta"] = _s(guia_tiss.tipo_consulta)
        g["motivo_encerramento"] = _s(guia_tiss.motivo_encerramento)
        g["regime_atendimento"] = guia_tiss.regime_atendimento
        g["observacao"] = _s(guia_tiss.observacao)
        _totais(g, guia_tiss.valor_total)
        _executante_da_equipe(g, next((m for p in guia_tiss.procedimentos for m in p.equipe), None))
        for procedimento in guia_tiss.procedimentos:
            adicionar(procedimento, procedimento.equipe)
        campos.despesas = [_despesa(d) for d in guia_tiss.outras_despesas]
        g["extras"] = {
            "ind_cob_especial": _s(guia_tiss.ind_cob_especial),
            "saude_ocupacional": _s(guia_tiss.saude_ocupacional),
        }
    elif isinstance(guia_tiss, t.GuiaResumoInternacao):
        g["numero_guia_principal"] = guia_tiss.numero_guia_solicitacao_internacao
        _autorizacao(g, guia_tiss.autorizacao)
        _beneficiario(g, guia_tiss.beneficiario)
        g["cnes_executante"] = guia_tiss.cnes_executante
        g["carater_atendimento"] = guia_tiss.carater_atendimento
        g["tipo_faturamento"] = guia_tiss.tipo_faturamento
        g["data_atendimento"] = guia_tiss.data_inicio_faturamento
        g["data_fim"] = guia_tiss.data_final_faturamento
        g["tipo_internacao"] = guia_tiss.tipo_internacao
        g["regime_internacao"] = guia_tiss.regime_internacao
        g["indicacao_acidente"] = guia_tiss.indicador_acidente
        g["motivo_encerramento"] = guia_tiss.motivo_encerramento
        g["observacao"] = _s(guia_tiss.observacao)
        _totais(g, guia_tiss.valor_total)
        g["hora_inicio_faturamento"] = guia_tiss.hora_inicio_faturamento
        g["hora_final_faturamento"] = guia_tiss.hora_final_faturamento
        g["diagnosticos"] = list(guia_tiss.diagnosticos)
        g["declaracoes"] = [
            {k: v for k, v in dataclasses.asdict(d).items() if v} for d in guia_tiss.declaracoes
        ]
        for internacao in guia_tiss.procedimentos:
            adicionar(internacao, internacao.equipe)
        campos.despesas = [_despesa(d) for d in guia_tiss.outras_despesas]
    elif isinstance(guia_tiss, t.GuiaHonorarios):
        g["numero_guia_principal"] = guia_tiss.guia_solic_internacao
        g["senha"] = _s(guia_tiss.senha)
        g["numero_guia_operadora"] = _s(guia_tiss.numero_guia_operadora)
        g["carteira"] = guia_tiss.numero_carteira
        g["atendimento_rn"] = guia_tiss.atendimento_rn == "S"
        g["cnes_executante"] = guia_tiss.executante_cnes
        g["data_atendimento"] = guia_tiss.data_inicio_faturamento
        g["data_fim"] = guia_tiss.data_fim_faturamento
        g["carater_atendimento"] = _s(guia_tiss.carater_atendimento)
        g["observacao"] = _s(guia_tiss.observacao)
        g["valor_procedimentos"] = g["valor_total"] = guia_tiss.valor_total_honorarios
        g["local_codigo_na_operadora"] = _s(guia_tiss.local_codigo_na_operadora)
        g["local_cnpj"] = _s(guia_tiss.local_cnpj)
        g["local_nome"] = guia_tiss.local_nome_contratado[:70]
        g["local_cnes"] = guia_tiss.local_cnes
        g["data_emissao_guia"] = guia_tiss.data_emissao_guia
        g["extras"] = {"executante_codigo_na_operadora": guia_tiss.executante_codigo_na_operadora}
        _executante_da_equipe(g, next((m for p in guia_tiss.procedimentos for m in p.profissionais), None))
        for honorarios in guia_tiss.procedimentos:
            adicionar(honorarios, honorarios.profissionais)
    elif isinstance(guia_tiss, t.GuiaOdontologia):
        g["numero_guia_principal"] = _s(guia_tiss.numero_guia_principal)
        g["data_autorizacao"] = guia_tiss.data_autorizacao
        g["senha"] = _s(guia_tiss.senha_autorizacao)
        g["validade_senha"] = guia_tiss.validade_senha
        g["numero_guia_operadora"] = _s(guia_tiss.numero_guia_operadora)
        _beneficiario(g, guia_tiss.beneficiario)
        g["solicitante_nome"] = _s(guia_tiss.nome_prof_solic)[:70]
        g["solicitante_conselho"] = "08" if guia_tiss.cro_solic else ""
        g["solicitante_numero"], g["solicitante_uf"] = _s(guia_tiss.cro_solic), _s(guia_tiss.uf_solic)
        g["solicitante_cbo"] = _s(guia_tiss.cbos_solic)
        g["cnes_executante"] = guia_tiss.cnes_exec
        g["executante_nome"] = _s(guia_tiss.nome_prof_exec2)[:70]
        g["executante_conselho"], g["executante_numero"] = "08", guia_tiss.cro_exec
        g["executante_uf"], g["executante_cbo"] = guia_tiss.uf_exec, guia_tiss.cbos_exec2
        g["tipo_atendimento"] = guia_tiss.tipo_atendimento
        g["tipo_faturamento"] = guia_tiss.tipo_faturamento
        g["data_fim"] = guia_tiss.data_termino_trat
        g["observacao"] = _s(guia_tiss.observacao)
        g["valor_procedimentos"] = g["valor_total"] = guia_tiss.valor_total_proc
        g["extras"] = {
            "plano_beneficiario": guia_tiss.plano_beneficiario,
            "nome_empresa": _s(guia_tiss.nome_empresa),
            "codigo_prof_exec": guia_tiss.codigo_prof_exec,
            "qtd_total_us": _s(guia_tiss.qtd_total_us),
            "valor_total_franquia": _s(guia_tiss.valor_total_franquia),
        }
        for odonto in guia_tiss.procedimentos:
            campos.itens.append(
                {
                    "sequencial": odonto.sequencial_item,
                    "data_execucao": odonto.data_realizacao,
                    "tabela": odonto.codigo_tabela,
                    "codigo": odonto.codigo_procedimento,
                    "descricao": odonto.descricao_procedimento[:150],
                    "quantidade": Decimal(odonto.qtd_proc),
                    "valor_unitario": (odonto.valor_proc / odonto.qtd_proc).quantize(Decimal("0.01"))
                    if odonto.qtd_proc
                    else odonto.valor_proc,
                    "valor_total": odonto.valor_proc,
                    "dente": _s(odonto.cod_dente),
                    "regiao": _s(odonto.cod_regiao),
                    "face": _s(odonto.dente_face),
                    "valor_franquia": odonto.valor_franquia,
                    "qtd_us": odonto.qtd_us,
                    "autorizado": _logico(odonto.autorizado),
                    "executante_conselho": "08",
                    "executante_numero": guia_tiss.cro_exec,
                    "executante_uf": guia_tiss.uf_exec,
                    "executante_cbo": guia_tiss.cbos_exec2,
                }
            )
            campos.equipes.append([])
        if guia_tiss.odonto_inicial is not None:
            inicial = guia_tiss.odonto_inicial
            campos.anexos.append(
                {
                    "tipo": AnexoGuia.Tipo.SITUACAO_INICIAL,
                    "numero_guia_anexo": inicial.numero_guia_anexo,
                    "dados": {
                        "dentes": [dataclasses.asdict(d) for d in inicial.dentes],
                        "doenca_periodontal": _s(inicial.doenca_periodontal),
                        "alteracao_tecido_mole": _s(inicial.alteracao_tecido_mole),
                        "observacao": _s(inicial.observacao),
                    },
                }
            )
    if g.get("data_atendimento") is None:
        datas = [i["data_execucao"] for i in campos.itens] + [d["data_execucao"] for d in campos.despesas]
        g["data_atendimento"] = min(datas) if datas else None
    return campos


def linhas_da_guia(guia_tiss: t.Guia, *, base: dict[str, Any]) -> LinhasGuia:
    """Unsaved model instances for `guia_tiss` (from `campos_da_guia`); `base` brings operadora, prestador,
    situação, origem, versão…"""
    campos = campos_da_guia(guia_tiss)
    return LinhasGuia(
        Guia(**base, **campos.guia),
        [ItemGuia(**item) for item in campos.itens],
        [[MembroEquipe(**m) for m in equipe] for equipe in campos.equipes],
        [OutraDespesa(**d) for d in campos.despesas],
        [AnexoGuia(**a) for a in campos.anexos],
    )


# --- rows → typed guide (export of a lote as ENVIO_LOTE_GUIAS) -------------------------------------------


def _opt(valor: str) -> str | None:
    return valor or None


def _beneficiario_tiss(guia: Guia) -> t.Beneficiario:
    return t.Beneficiario(
        numero_carteira=guia.carteira,
        atendimento_rn="S" if guia.atendimento_rn else "N",
        tipo_ident=_opt(guia.tipo_identificacao),
    )


def _prof_tiss(guia: Guia, prefixo: str) -> t.Profissional:
    return t.Profissional(
        nome_profissional=_opt(getattr(guia, f"{prefixo}_nome")),
        conselho_profissional=getattr(guia, f"{prefixo}_conselho"),
        numero_conselho_profissional=getattr(guia, f"{prefixo}_numero"),
        uf=getattr(guia, f"{prefixo}_uf"),
        cbos=getattr(guia, f"{prefixo}_cbo"),
    )


def _contratado_tiss(codigo: str) -> t.Contratado:
    return t.Contratado(codigo_prestador_na_operadora=codigo)


def _procedimento_campos(item: ItemGuia) -> dict[str, Any]:
    return {
        "sequencial_item": item.sequencial,
        "data_execucao": item.data_execucao,
        "hora_inicial": item.hora_inicial,
        "hora_final": item.hora_final,
        "codigo_tabela": item.tabela,
        "codigo_procedimento": item.codigo,
        "descricao_procedimento": item.descricao or item.codigo,
        "quantidade_executada": int(item.quantidade),
        "via_acesso": _opt(item.via_acesso),
        "tecnica_utilizada": _opt(item.tecnica),
        "reducao_acrescimo": item.reducao_acrescimo,
        "valor_unitario": item.valor_unitario,
        "valor_total": item.valor_total,
    }


def _membros_tiss(item: ItemGuia, guia: Guia, codigo_prestador: str) -> tuple[t.MembroEquipe, ...]:
    """The item's team; a typed guide's executing professional is identified by the provider's code."""
    membros = list(item.equipe.all())
    if membros:
        return tuple(
            t.MembroEquipe(
                grau_participacao=_opt(m.grau_participacao),
                codigo_prestador_na_operadora=m.codigo_prestador or codigo_prestador,
                nome_profissional=m.nome,
                conselho_profissional=m.conselho,
                numero_conselho_profissional=m.numero_conselho,
                uf=m.uf,
                cbos=m.cbo,
            )
            for m in membros
        )
    if guia.executante_numero:
        return (
            t.MembroEquipe(
                grau_participacao=_opt(item.grau_participacao),
                codigo_prestador_na_operadora=codigo_prestador,
                nome_profissional=guia.executante_nome or "-",
                conselho_profissional=guia.executante_conselho,
                numero_conselho_profissional=guia.executante_numero,
                uf=guia.executante_uf,
                cbos=guia.executante_cbo,
            ),
        )
    return ()


def _despesa_tiss(despesa: OutraDespesa) -> t.OutraDespesa:
    return t.OutraDespesa(
        sequencial_item=despesa.sequencial,
        codigo_despesa=despesa.codigo_despesa,
        data_execucao=despesa.data_execucao,
        hora_inicial=despesa.hora_inicial,
        hora_final=despesa.hora_final,
        codigo_tabela=despesa.tabela,
        codigo_procedimento=despesa.codigo,
        quantidade_executada=despesa.quantidade,
        unidade_medida=despesa.unidade_medida,
        reducao_acrescimo=despesa.reducao_acrescimo,
        valor_unitario=despesa.valor_unitario,
        valor_total=despesa.valor_total,
        descricao_procedimento=despesa.descricao or despesa.codigo,
        registro_anvisa=_opt(despesa.registro_anvisa),
        codigo_ref_fabricante=_opt(despesa.codigo_ref_fabricante),
        autorizacao_funcionamento=_opt(despesa.autorizacao_funcionamento),
        item_vinculado=despesa.item_vinculado,
    )


def _valor_total_tiss(guia: Guia) -> t.ValorTotalGuia:
    def opt(valor: Decimal) -> Decimal | None:
        return valor if valor else None

    return t.ValorTotalGuia(
        valor_procedimentos=guia.valor_procedimentos,
        valor_diarias=opt(guia.valor_diarias),
        valor_taxas_alugueis=opt(guia.valor_taxas),
        valor_materiais=opt(guia.valor_materiais),
        valor_medicamentos=opt(guia.valor_medicamentos),
        valor_opme=opt(guia.valor_opme),
        valor_gases_medicinais=opt(guia.valor_gases),
        valor_total_geral=guia.valor_total,
    )


def _autorizacao_tiss(guia: Guia) -> t.Autorizacao | None:
    if not (guia.senha or guia.numero_guia_operadora):
        return None
    return t.Autorizacao(
        numero_guia_operadora=_opt(guia.numero_guia_operadora),
        data_autorizacao=_data(guia.data_autorizacao or guia.data_atendimento, guia=guia),
        senha=_opt(guia.senha),
        data_validade_senha=guia.validade_senha,
    )


def _data(valor: datetime.date | None, *, guia: Guia) -> datetime.date:
    """A date the TISS guide requires; a saved guide always has its service date."""
    if valor is None:
        raise ErroDeNegocio(
            f"A guia {guia.numero_guia_prestador} não tem data de atendimento.", codigo_tiss="3226"
        )
    return valor


def _obrigatorio(valor: Any, *, guia: Guia, rotulo: str) -> Any:
    """A field the TISS guide requires and the wizard makes the user type (`services.pendencias_da_guia`)."""
    if valor in (None, ""):
        raise ErroDeNegocio(
            f"A guia {guia.numero_guia_prestador} não tem {rotulo}: complete-a antes de exportar."
        )
    return valor


def _declaracoes_tiss(guia: Guia) -> tuple[t.Declaracao, ...]:
    return tuple(
        t.Declaracao(
            declaracao_nascido=_opt(d.get("declaracao_nascido", "")),
            diagnostico_obito=_opt(d.get("diagnostico_obito", "")),
            declaracao_obito=_opt(d.get("declaracao_obito", "")),
            indicador_dorn=_opt(d.get("indicador_dorn", "")),
        )
        for d in guia.declaracoes or ()
        if any(d.values())
    )


def guia_tiss(guia: Guia, *, registro_ans: str, codigo_prestador: str) -> t.Guia:
    """The typed guide of a saved guide (items, teams and outras despesas prefetched)."""
    itens = [i for i in guia.itens.all() if i.conferencia != ItemGuia.Conferencia.REMOVIDO]
    despesas = tuple(_despesa_tiss(d) for d in guia.outras_despesas.all())
    extras = guia.extras or {}
    comum: dict[str, Any] = {
        "registro_ans": registro_ans,
        "numero_guia_prestador": guia.numero_guia_prestador,
    }
    if guia.tipo == TipoGuia.CONSULTA:
        item = itens[0]
        return t.GuiaConsulta(
            **comum,
            numero_guia_operadora=_opt(guia.numero_guia_operadora),
            beneficiario=_beneficiario_tiss(guia),
            contratado_executante=t.ContratadoExecutante(
                codigo_prestador_na_operadora=codigo_prestador, cnes=guia.cnes_executante or "9999999"
            ),
            profissional_executante=_prof_tiss(guia, "executante"),
            indicacao_acidente=guia.indicacao_acidente or "9",
            regime_atendimento=guia.regime_atendimento or "01",
            data_atendimento=item.data_execucao,
            tipo_consulta=guia.tipo_consulta or "1",
            codigo_tabela=item.tabela,
            codigo_procedimento=item.codigo,
            valor_procedimento=item.valor_total,
            observacao=_opt(guia.observacao),
        )
    if guia.tipo == TipoGuia.SP_SADT:
        return t.GuiaSPSADT(
            **comum,
            guia_principal=_opt(guia.numero_guia_principal),
            autorizacao=_autorizacao_tiss(guia),
            beneficiario=_beneficiario_tiss(guia),
            contratado_solicitante=_contratado_tiss(guia.contratado_solicitante or codigo_prestador),
            nome_contratado_solicitante=guia.nome_contratado_solicitante or "-",
            profissional_solicitante=_prof_tiss(guia, "solicitante"),
            data_solicitacao=guia.data_solicitacao,
            carater_atendimento=guia.carater_atendimento or "1",
            indicacao_clinica=_opt(guia.indicacao_clinica),
            contratado_executante=_contratado_tiss(codigo_prestador),
            cnes_executante=guia.cnes_executante or "9999999",
            tipo_atendimento=guia.tipo_atendimento or "04",
            indicacao_acidente=guia.indicacao_acidente or "9",
            tipo_consulta=_opt(guia.tipo_consulta),
            motivo_encerramento=_opt(guia.motivo_encerramento),
            regime_atendimento=guia.regime_atendimento or "01",
            procedimentos=tuple(
                t.ProcedimentoSPSADT(
                    **_procedimento_campos(i), equipe=_membros_tiss(i, guia, codigo_prestador)
                )
                for i in itens
            ),
            outras_despesas=despesas,
            observacao=_opt(guia.observacao),
            valor_total=_valor_total_tiss(guia),
        )
    if guia.tipo == TipoGuia.RESUMO_INTERNACAO:
        return t.GuiaResumoInternacao(
            **comum,
            numero_guia_solicitacao_internacao=guia.numero_guia_principal or guia.numero_guia_prestador,
            autorizacao=_autorizacao_tiss(guia)
            or t.Autorizacao(data_autorizacao=_data(guia.data_atendimento, guia=guia)),
            beneficiario=_beneficiario_tiss(guia),
            contratado_executante=_contratado_tiss(codigo_prestador),
            cnes_executante=guia.cnes_executante or "9999999",
            carater_atendimento=_obrigatorio(
                guia.carater_atendimento, guia=guia, rotulo="caráter do atendimento"
            ),
            tipo_faturamento=_obrigatorio(guia.tipo_faturamento, guia=guia, rotulo="tipo de faturamento"),
            data_inicio_faturamento=_data(guia.data_atendimento, guia=guia),
            hora_inicio_faturamento=_obrigatorio(
                guia.hora_inicio_faturamento, guia=guia, rotulo="hora de início do faturamento"
            ),
            data_final_faturamento=_obrigatorio(guia.data_fim, guia=guia, rotulo="data final do faturamento"),
            hora_final_faturamento=_obrigatorio(
                guia.hora_final_faturamento, guia=guia, rotulo="hora final do faturamento"
            ),
            tipo_internacao=_obrigatorio(guia.tipo_internacao, guia=guia, rotulo="tipo de internação"),
            regime_internacao=_obrigatorio(guia.regime_internacao, guia=guia, rotulo="regime de internação"),
            declaracoes=_declaracoes_tiss(guia),
            diagnosticos=tuple(c for c in guia.diagnosticos or () if c),
            indicador_acidente=guia.indicacao_acidente or "9",
            motivo_encerramento=_obrigatorio(
                guia.motivo_encerramento, guia=guia, rotulo="motivo de encerramento"
            ),
            procedimentos=tuple(
                t.ProcedimentoInternacao(
                    **_procedimento_campos(i), equipe=_membros_tiss(i, guia, codigo_prestador)
                )
                for i in itens
            ),
            valor_total=_valor_total_tiss(guia),
            outras_despesas=despesas,
            observacao=_opt(guia.observacao),
        )
    if guia.tipo == TipoGuia.HONORARIOS:

        def profissionais(item: ItemGuia) -> tuple[t.ProfissionalHonorarios, ...]:
            return tuple(
                t.ProfissionalHonorarios(
                    grau_participacao=_obrigatorio(
                        m.grau_participacao,
                        guia=guia,
                        rotulo=f"grau de participação no item {item.sequencial}",
                    ),
                    codigo_prestador_na_operadora=m.codigo_prestador_na_operadora,
                    nome_profissional=m.nome_profissional,
                    conselho_profissional=m.conselho_profissional,
                    numero_conselho_profissional=m.numero_conselho_profissional,
                    uf=m.uf,
                    cbos=m.cbos or "999999",
                )
                for m in _membros_tiss(item, guia, codigo_prestador)
            )

        return t.GuiaHonorarios(
            **comum,
            guia_solic_internacao=guia.numero_guia_principal or guia.numero_guia_prestador,
            senha=_opt(guia.senha),
            numero_guia_operadora=_opt(guia.numero_guia_operadora),
            numero_carteira=guia.carteira,
            atendimento_rn="S" if guia.atendimento_rn else "N",
            # codigoContratado is a choice: the local's code at the operadora, or else its CNPJ.
            local_codigo_na_operadora=_opt(guia.local_codigo_na_operadora),
            local_cnpj=None if guia.local_codigo_na_operadora else _opt(guia.local_cnpj),
            local_nome_contratado=_obrigatorio(guia.local_nome, guia=guia, rotulo="nome do local contratado"),
            local_cnes=_obrigatorio(guia.local_cnes, guia=guia, rotulo="CNES do local contratado"),
            executante_codigo_na_operadora=codigo_prestador,
            executante_cnes=guia.cnes_executante or "9999999",
            data_inicio_faturamento=_data(guia.data_atendimento, guia=guia),
            data_fim_faturamento=_obrigatorio(guia.data_fim, guia=guia, rotulo="data final do faturamento"),
            # TISS 4.03 only (the engine drops it for 4.02); a 4.02 guide received by XML has none.
            carater_atendimento=_opt(guia.carater_atendimento),
            procedimentos=tuple(
                t.ProcedimentoHonorarios(**_procedimento_campos(i), profissionais=profissionais(i))
                for i in itens
            ),
            observacao=_opt(guia.observacao),
            valor_total_honorarios=guia.valor_total,
            data_emissao_guia=guia.data_emissao_guia
            or _data(guia.data_fim or guia.data_atendimento, guia=guia),
        )
    return t.GuiaOdontologia(
        **comum,
        numero_guia_principal=_opt(guia.numero_guia_principal),
        data_autorizacao=guia.data_autorizacao,
        senha_autorizacao=_opt(guia.senha),
        validade_senha=guia.validade_senha,
        numero_guia_operadora=_opt(guia.numero_guia_operadora),
        beneficiario=_beneficiario_tiss(guia),
        plano_beneficiario=extras.get("plano_beneficiario") or "-",
        nome_prof_solic=_opt(guia.solicitante_nome),
        cro_solic=_opt(guia.solicitante_numero),
        uf_solic=_opt(guia.solicitante_uf),
        cbos_solic=_opt(guia.solicitante_cbo),
        codigo_prof_exec=extras.get("codigo_prof_exec") or guia.executante_numero,
        cro_exec=guia.executante_numero,
        uf_exec=guia.executante_uf,
        cnes_exec=guia.cnes_executante or "9999999",
        nome_prof_exec2=_opt(guia.executante_nome),
        cro_exec2=_opt(guia.executante_numero),
        uf_exec2=_opt(guia.executante_uf),
        cbos_exec2=guia.executante_cbo or "223208",
        procedimentos=tuple(
            t.ProcedimentoOdontologia(
                sequencial_item=i.sequencial,
                codigo_tabela=i.tabela,
                codigo_procedimento=i.codigo,
                descricao_procedimento=i.descricao or i.codigo,
                cod_dente=_opt(i.dente),
                cod_regiao=_opt(i.regiao),
                dente_face=_opt(i.face),
                qtd_proc=int(i.quantidade),
                qtd_us=i.qtd_us,
                valor_proc=i.valor_total,
                valor_franquia=i.valor_franquia,
                # Not informed (a guide typed before the column existed, or by the wizard): authorized, as always.
                autorizado="false" if i.autorizado is False else "true",
                data_realizacao=i.data_execucao,
            )
            for i in itens
        ),
        data_termino_trat=guia.data_fim,
        tipo_atendimento=guia.tipo_atendimento or "1",
        tipo_faturamento=guia.tipo_faturamento or "4",
        qtd_total_us=total_us_tiss(guia, itens),
        valor_total_proc=guia.valor_total,
        valor_total_franquia=total_franquia_tiss(guia, itens),
        observacao=_opt(guia.observacao),
        odonto_inicial=_situacao_inicial_na_gto(guia),
    )


def total_us_tiss(guia: Guia, itens: list[ItemGuia]) -> Decimal | None:
    """The GTO's `qtdTotalUS`: the one received with the guide, else the sum of its items' US (None when no item
    informs it)."""
    recebido = _decimal((guia.extras or {}).get("qtd_total_us"))
    if recebido is not None:
        return recebido
    informados = [i.qtd_us for i in itens if i.qtd_us is not None]
    return sum(informados, ZERO) if informados else None


def total_franquia_tiss(guia: Guia, itens: list[ItemGuia]) -> Decimal | None:
    """The GTO's `valorTotalFranquia`: the sum of its items' franquia (the engine refuses any other value), when an
    item informs one or the received guide declared the total."""
    declarado = _decimal((guia.extras or {}).get("valor_total_franquia"))
    if declarado is None and all(i.valor_franquia is None for i in itens):
        return None
    return sum((i.valor_franquia or ZERO for i in itens), ZERO)


def _situacao_inicial_na_gto(guia: Guia) -> t.AnexoSituacaoInicialGTO | None:
    """The GTO's `odontoInicial` from its situação inicial annex (prefetched `anexos`); None without teeth."""
    anexo = next((a for a in guia.anexos.all() if a.tipo == AnexoGuia.Tipo.SITUACAO_INICIAL), None)
    dados = (anexo.dados or {}) if anexo else {}
    if anexo is None or not dados.get("dentes"):
        return None
    return t.AnexoSituacaoInicialGTO(
        numero_guia_anexo=anexo.numero_guia_anexo or guia.numero_guia_prestador,
        numero_guia_referenciada=guia.numero_guia_prestador,
        numero_guia_operadora=_opt(guia.numero_guia_operadora),
        dentes=tuple(
            t.DenteSituacaoInicial(elemento_dentario=d["elemento_dentario"], condicao_clinica=d["condicao_clinica"])
            for d in dados["dentes"]
        ),
        doenca_periodontal=_opt(dados.get("doenca_periodontal", "")),
        alteracao_tecido_mole=_opt(dados.get("alteracao_tecido_mole", "")),
        observacao=_opt(dados.get("observacao", "")),
    )


# --- clinical annexes → ENVIO_ANEXO ----------------------------------------------------------------------

# Every clinical annex travels in an ENVIO_ANEXO (`loteAnexos`): the XSD's `AnexosGuiasTISS` takes one OPME,
# quimioterapia or radioterapia annex per message (or up to 100 situações iniciais); each annex is exported as its
# own message.
SEXO_TISS = {"M": "1", "F": "3"}  # dm_sexo
TABELA_DROGAS = "20"  # TUSS 20, medicamentos (the wizard types the drug code of this table)

AnexoTiss = (
    pedidos.AnexoSolicitacaoOPME
    | pedidos.AnexoSolicitacaoQuimio
    | pedidos.AnexoSolicitacaoRadio
    | pedidos.AnexoSituacaoInicial
)


def _idade(nascimento: datetime.date, em: datetime.date) -> int:
    return em.year - nascimento.year - ((em.month, em.day) < (nascimento.month, nascimento.day))


def _decimal(valor: Any) -> Decimal | None:
    return Decimal(str(valor)) if valor not in (None, "") else None


def _data_iso(valor: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(valor) if valor else None


def anexo_tiss(anexo: AnexoGuia, *, registro_ans: str) -> AnexoTiss:
    """The typed OPME, quimioterapia, radioterapia or situação inicial annex of a saved guide (`anexo.guia`, with its
    beneficiário): the header from the guide (its number is the referenced guide, its senha and dates), the rest
    from what the wizard (or the received GTO) stored in `AnexoGuia.dados`; age and sex from the beneficiário's
    register."""
    guia, dados = anexo.guia, anexo.dados or {}
    rotulo_anexo = anexo.get_tipo_display().lower()
    no_anexo = f"na {rotulo_anexo}" if anexo.tipo == AnexoGuia.Tipo.SITUACAO_INICIAL else f"no {rotulo_anexo}"

    def exigido(chave: str, rotulo: str) -> Any:
        return _obrigatorio(dados.get(chave), guia=guia, rotulo=f"{rotulo} {no_anexo}")

    if anexo.tipo == AnexoGuia.Tipo.SITUACAO_INICIAL:
        if not dados.get("dentes"):
            raise ErroDeNegocio(
                f"A situação inicial da guia {guia.numero_guia_prestador} não tem dentes: inclua ao menos um "
                "antes de exportar."
            )
        return pedidos.AnexoSituacaoInicial(
            registro_ans=registro_ans,
            numero_guia_anexo=anexo.numero_guia_anexo or guia.numero_guia_prestador,
            numero_guia_referenciada=_obrigatorio(
                guia.numero_guia_prestador, guia=guia, rotulo="nº da guia no prestador"
            ),
            numero_guia_operadora=_opt(guia.numero_guia_operadora),
            numero_carteira=guia.carteira,
            dentes=tuple(
                pedidos.DenteAnexo(elemento_dentario=d["elemento_dentario"], condicao_clinica=d["condicao_clinica"])
                for d in dados["dentes"]
            ),
            doenca_periodontal=exigido("doenca_periodontal", "doença periodontal"),
            alteracao_tecido_mole=exigido("alteracao_tecido_mole", "alteração de tecido mole"),
            observacao=_opt(dados.get("observacao", "")),
        )

    data_solicitacao = _data(guia.data_solicitacao or guia.data_atendimento, guia=guia)
    cabecalho = pedidos.CabecalhoAnexo(
        registro_ans=registro_ans,
        numero_guia_anexo=anexo.numero_guia_anexo or guia.numero_guia_prestador,
        numero_guia_referenciada=_obrigatorio(
            guia.numero_guia_prestador, guia=guia, rotulo="nº da guia no prestador"
        ),
        numero_guia_operadora=_opt(guia.numero_guia_operadora),
        data_solicitacao=data_solicitacao,
        senha=_opt(guia.senha),
        data_autorizacao=guia.data_autorizacao,
    )
    solicitante = pedidos.SolicitanteAnexo(
        nome_profissional=str(exigido("profissional_nome", "profissional solicitante"))[:70],
        telefone_profissional=str(exigido("profissional_telefone", "telefone do profissional solicitante")),
        email_profissional=_opt(dados.get("profissional_email", "")),
    )
    itens = list(dados.get("itens") or [])
    if anexo.tipo == AnexoGuia.Tipo.OPME:
        if not itens:
            raise ErroDeNegocio(
                f"O anexo de OPME da guia {guia.numero_guia_prestador} não tem materiais: inclua ao menos um "
                "antes de exportar."
            )
        return pedidos.AnexoSolicitacaoOPME(
            cabecalho=cabecalho,
            beneficiario=_beneficiario_tiss(guia),
            profissional_solicitante=solicitante,
            justificativa_tecnica=exigido("justificativa_tecnica", "justificativa técnica"),
            especificacao_material=_opt(dados.get("especificacao_material", "")),
            opmes=tuple(
                pedidos.OPMESolicitada(
                    codigo_tabela=i["tabela"],
                    codigo_procedimento=i["codigo"],
                    descricao_procedimento=i["descricao"],
                    opcao_fabricante=i["opcao_fabricante"],
                    quantidade_solicitada=int(i["quantidade"]),
                    valor_solicitado=_decimal(i.get("valor")),
                    registro_anvisa=_opt(i.get("registro_anvisa", "")),
                    codigo_ref_fabricante=_opt(i.get("codigo_ref_fabricante", "")),
                    autorizacao_funcionamento=_opt(i.get("autorizacao_funcionamento", "")),
                )
                for i in itens
            ),
            observacao=_opt(dados.get("observacao", "")),
        )
    if guia.beneficiario is None:
        raise ErroDeNegocio(
            f"A guia {guia.numero_guia_prestador} não tem o beneficiário do cadastro: a idade e o sexo do "
            f"{rotulo_anexo} vêm dele.",
            codigo_tiss=codigos.NUMERO_CARTEIRA_INVALIDO,
        )
    idade = _idade(guia.beneficiario.data_nascimento, data_solicitacao)
    sexo = SEXO_TISS[guia.beneficiario.sexo]
    diagnostico = pedidos.DiagnosticoOncologico(
        data_diagnostico=_data_iso(dados.get("data_diagnostico")),
        diagnosticos=(exigido("cid_principal", "CID-10 do diagnóstico"),),
        estadiamento=exigido("estadiamento", "estadiamento"),
        finalidade=exigido("finalidade", "finalidade do tratamento"),
        ecog=exigido("ecog", "ECOG"),
        diagnostico_histopatologico=_opt(dados.get("diagnostico_histopatologico", "")),
    )
    if anexo.tipo == AnexoGuia.Tipo.QUIMIOTERAPIA:
        if not itens:
            raise ErroDeNegocio(
                f"O anexo de quimioterapia da guia {guia.numero_guia_prestador} não tem drogas: inclua ao menos "
                "uma antes de exportar."
            )
        return pedidos.AnexoSolicitacaoQuimio(
            cabecalho=cabecalho,
            beneficiario=_beneficiario_tiss(guia),
            peso=Decimal(str(exigido("peso", "peso"))),
            altura=Decimal(str(exigido("altura", "altura"))),
            superficie_corporal=Decimal(str(exigido("superficie_corporal", "superfície corporal"))),
            idade=idade,
            sexo=sexo,
            medico_solicitante=solicitante,
            diagnostico=diagnostico,
            tumor=exigido("tumor", "tumor (T)"),
            nodulo=exigido("nodulo", "nódulo (N)"),
            metastase=exigido("metastase", "metástase (M)"),
            tipo_quimioterapia=exigido("tipo_quimioterapia", "tipo de quimioterapia"),
            plano_terapeutico=exigido("plano_terapeutico", "plano terapêutico"),
            drogas=tuple(
                pedidos.DrogaSolicitada(
                    data_provavel=datetime.date.fromisoformat(i["droga_data_provavel"]),
                    codigo_tabela=TABELA_DROGAS,
                    codigo_procedimento=i["droga_codigo"],
                    descricao_procedimento=i["droga_descricao"],
                    qt_doses=Decimal(str(i["droga_doses"])),
                    unidade_medida=i["droga_unidade_medida"],
                    via_administracao=i["droga_via"],
                    frequencia=int(i["droga_frequencia"]),
                )
                for i in itens
            ),
            numero_ciclos=int(exigido("numero_ciclos", "número de ciclos")),
            ciclo_atual=int(exigido("ciclo_atual", "ciclo atual")),
            dias_ciclo_atual=int(exigido("dias_ciclo_atual", "dias do ciclo atual")),
            intervalo_ciclos=int(exigido("intervalo_ciclos", "intervalo entre ciclos")),
            observacao=_opt(dados.get("observacao", "")),
        )
    if anexo.tipo == AnexoGuia.Tipo.RADIOTERAPIA:
        return pedidos.AnexoSolicitacaoRadio(
            cabecalho=cabecalho,
            beneficiario=_beneficiario_tiss(guia),
            idade=idade,
            sexo=sexo,
            medico_solicitante=solicitante,
            diagnostico=diagnostico,
            diagnostico_imagem=_opt(dados.get("diagnostico_imagem", "")),
            numero_campos=int(exigido("numero_campos", "número de campos")),
            dose_campo=int(exigido("dose_campo", "dose por dia")),
            dose_total=int(exigido("dose_total", "dose total")),
            nr_dias=int(exigido("nr_dias", "número de dias")),
            dt_prevista_inicio=datetime.date.fromisoformat(
                exigido("data_prevista_inicio", "data prevista de início")
            ),
            observacao=_opt(dados.get("observacao", "")),
        )
    raise ErroDeNegocio(f"O {rotulo_anexo} não vai no ENVIO_ANEXO.")


def lote_anexos_tiss(anexo: AnexoGuia, *, numero_lote: str, registro_ans: str) -> pedidos.LoteAnexos:
    """The `loteAnexos` (ENVIO_ANEXO) carrying one OPME, quimioterapia, radioterapia or situação inicial annex."""
    conteudo = anexo_tiss(anexo, registro_ans=registro_ans)
    if isinstance(conteudo, pedidos.AnexoSituacaoInicial):
        return pedidos.LoteAnexos(numero_lote=numero_lote, anexos_situacao_inicial=(conteudo,))
    if isinstance(conteudo, pedidos.AnexoSolicitacaoOPME):
        return pedidos.LoteAnexos(numero_lote=numero_lote, anexo_solicitacao_opme=conteudo)
    if isinstance(conteudo, pedidos.AnexoSolicitacaoQuimio):
        return pedidos.LoteAnexos(numero_lote=numero_lote, anexo_solicitacao_quimio=conteudo)
    return pedidos.LoteAnexos(numero_lote=numero_lote, anexo_solicitacao_radio=conteudo)
