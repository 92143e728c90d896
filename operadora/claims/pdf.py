"""PDFs (reportlab) laid out as the TISS statements with their numbered fields (seed 004): Demonstrativo de
Análise de Conta (1–47), Demonstrativo de Pagamento (1–43), and the provider's income-tax statement. They read
the same typed objects the XML is built from (`demonstrativos.py`)."""

import io
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from operadora.core.formatos import format_brl as brl
from operadora.core.formatos import format_cpf_cnpj as cpf_cnpj
from operadora.core.formatos import format_data as data_br

from .demonstrativos import Demonstrativo

ESTILOS = getSampleStyleSheet()
PEQUENO = ParagraphStyle("pequeno", parent=ESTILOS["Normal"], fontSize=7, leading=8.5)
TITULO = ParagraphStyle("titulo", parent=ESTILOS["Title"], fontSize=12, leading=14, spaceAfter=2)
SECAO = ParagraphStyle("secao", parent=ESTILOS["Normal"], fontSize=8, leading=10, textColor=colors.white)
GRADE = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
])


def _valor(valor: Decimal | None) -> str:
    return brl(valor if valor is not None else Decimal("0")).replace("R$ ", "").replace("R$\xa0", "")


def _campo(numero: int, rotulo: str, valor: Any) -> Paragraph:
    texto = "" if valor is None else str(valor)
    return Paragraph(f"<font size=6 color='#555555'>{numero} - {rotulo}</font><br/>{_escapar(texto)}", PEQUENO)


def _escapar(texto: str) -> str:
    return texto.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _linha(campos: list[Paragraph], largura: float) -> Table:
    tabela = Table([campos], colWidths=[largura / len(campos)] * len(campos))
    tabela.setStyle(GRADE)
    return tabela


def _secao(titulo: str, largura: float) -> Table:
    tabela = Table([[Paragraph(titulo, SECAO)]], colWidths=[largura])
    tabela.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#2f4f6f")),
                                ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return tabela


def _documento(titulo: str) -> tuple[io.BytesIO, SimpleDocTemplate, float]:
    saida = io.BytesIO()
    pagina = landscape(A4)
    doc = SimpleDocTemplate(saida, pagesize=pagina, leftMargin=10 * mm, rightMargin=10 * mm, topMargin=10 * mm,
                            bottomMargin=10 * mm, title=titulo, author="Operadora Aberta")
    return saida, doc, pagina[0] - 20 * mm


def _cabecalho(d: Demonstrativo, titulo: str, largura: float) -> list[Any]:
    c = d.conteudo.cabecalho
    return [
        Paragraph(f"{_escapar(d.operadora.nome_fantasia)} — {titulo} — 2 - Nº: {_escapar(c.numero_demonstrativo)}",
                  TITULO),
        _linha([_campo(1, "Registro ANS", c.registro_ans), _campo(3, "Nome da Operadora", c.nome_operadora),
                _campo(4, "CNPJ da Operadora", cpf_cnpj(c.numero_cnpj)),
                _campo(5, "Data de emissão", data_br(c.data_emissao))], largura),
        _secao("Dados do Prestador", largura),
        _linha([_campo(6, "Código na Operadora", d.codigo_prestador), _campo(7, "Nome do Contratado", d.prestador.nome),
                _campo(8, "Código CNES", d.conteudo.cnes)], largura),
    ]


def analise_conta(d: Demonstrativo) -> bytes:
    """Demonstrativo de Análise de Conta, fields 1–47."""
    saida, doc, largura = _documento("Demonstrativo de Análise de Conta")
    conteudo = d.conteudo
    historia: list[Any] = _cabecalho(d, "DEMONSTRATIVO DE ANÁLISE DE CONTA", largura)
    colunas = [(25, "Data de realização"), (26, "Tabela"), (27, "Código do procedimento"), (28, "Descrição"),
               (29, "Grau Participação"), (30, "Valor Informado"), (31, "Quant. Executada"), (32, "Valor Processado"),
               (33, "Valor Liberado"), (34, "Valor Glosa"), (35, "Código da Glosa")]
    larguras = [0.08, 0.05, 0.09, 0.25, 0.06, 0.08, 0.06, 0.08, 0.08, 0.07, 0.10]
    for p in conteudo.protocolos:
        historia += [Spacer(1, 2 * mm), _secao("Dados do Lote/Protocolo", largura), _linha([
            _campo(9, "Número do Lote", p.numero_lote_prestador), _campo(10, "Número do Protocolo", p.numero_protocolo),
            _campo(11, "Data do Protocolo", data_br(p.data_protocolo)),
            _campo(12, "Código da Glosa do Protocolo", p.glosa_protocolo.codigo_glosa if p.glosa_protocolo else ""),
            _campo(13, "Código da Situação do Protocolo", p.situacao_protocolo)], largura)]
        for g in p.guias:
            historia += [_secao("Dados da Guia", largura), _linha([
                _campo(14, "Número da Guia no Prestador", g.numero_guia_prestador),
                _campo(15, "Número da Guia Atribuído pela Operadora", g.numero_guia_operadora or ""),
                _campo(16, "Senha", g.senha or ""),
                _campo(17, "Nome do beneficiário", d.nomes_beneficiarios.get(g.numero_carteira, "")),
                _campo(18, "Número da Carteira", g.numero_carteira)], largura), _linha([
                _campo(19, "Data de Início do Faturamento", data_br(g.data_inicio_fat)),
                _campo(20, "Hora de Início do Faturamento", g.hora_inicio_fat or ""),
                _campo(21, "Data de Fim do Faturamento", data_br(g.data_fim_fat) if g.data_fim_fat else ""),
                _campo(22, "Hora de Fim do Faturamento", g.hora_fim_fat or ""),
                _campo(23, "Código da Glosa da Guia", ", ".join(m.codigo_glosa for m in g.glosas)),
                _campo(24, "Código da Situação da Guia", g.situacao_guia)], largura)]
            linhas = [[Paragraph(f"<font size=6>{n} - {r}</font>", PEQUENO) for n, r in colunas]]
            for i in g.itens:
                dente = d.dentes.get((g.numero_guia_prestador, i.sequencial_item))
                descricao = f"{i.descricao_procedimento} ({dente})" if dente else i.descricao_procedimento
                linhas.append([Paragraph(_escapar(str(v)), PEQUENO) for v in (
                    data_br(i.data_realizacao), i.codigo_tabela, i.codigo_procedimento, descricao,
                    i.grau_participacao or "", _valor(i.valor_informado), f"{i.qtd_executada.normalize():f}",
                    _valor(i.valor_processado), _valor(i.valor_liberado),
                    # the item's glosa: overlapping glosas (duplicity and price) retain at most the item's value
                    _valor(i.valor_processado - i.valor_liberado),
                    " ".join(f"{x.tipo_glosa}" for x in i.glosas))])
            tabela = Table(linhas, colWidths=[largura * f for f in larguras], repeatRows=1)
            tabela.setStyle(GRADE)
            historia += [tabela, _linha([
                _campo(36, "Valor Informado da Guia (R$)", _valor(g.valor_informado_guia)),
                _campo(37, "Valor Processado da Guia (R$)", _valor(g.valor_processado_guia)),
                _campo(38, "Valor Liberado da Guia (R$)", _valor(g.valor_liberado_guia)),
                _campo(39, "Valor Glosa da Guia (R$)", _valor(g.valor_glosa_guia))], largura)]
        historia += [_secao("Total do Protocolo", largura), _linha([
            _campo(40, "Valor Informado do Protocolo (R$)", _valor(p.valor_informado_protocolo)),
            _campo(41, "Valor Processado do Protocolo (R$)", _valor(p.valor_processado_protocolo)),
            _campo(42, "Valor Liberado do Protocolo (R$)", _valor(p.valor_liberado_protocolo)),
            _campo(43, "Valor Glosa do Protocolo (R$)", _valor(p.valor_glosa_protocolo))], largura)]
    historia += [Spacer(1, 2 * mm), _secao("Total Geral", largura), _linha([
        _campo(44, "Valor Informado Geral (R$)", _valor(conteudo.valor_informado_geral)),
        _campo(45, "Valor Processado Geral (R$)", _valor(conteudo.valor_processado_geral)),
        _campo(46, "Valor Liberado Geral (R$)", _valor(conteudo.valor_liberado_geral)),
        _campo(47, "Valor Glosa Geral (R$)", _valor(conteudo.valor_glosa_geral))], largura)]
    if d.descricoes_glosa:
        historia += [Spacer(1, 2 * mm), Paragraph("Códigos de glosa (TUSS 38): " + "; ".join(
            f"{c} - {_escapar(t)}" for c, t in sorted(d.descricoes_glosa.items())), PEQUENO)]
    doc.build(historia)
    return saida.getvalue()


FORMAS_PAGAMENTO = {"1": "1 - Crédito em conta", "2": "2 - Cheque", "3": "3 - Boleto Bancário / DDA",
                    "4": "4 - Dinheiro"}


def _debitos_creditos(itens: Any, base: int, largura: float) -> Table:
    linhas = [[Paragraph(f"<font size=6>{base + n} - {r}</font>", PEQUENO) for n, r in
               enumerate(("Indicação", "Código do Débito/Crédito", "Descrição do Débito/Crédito", "Valor"))]]
    for x in itens:
        linhas.append([Paragraph(v, PEQUENO) for v in (
            "Débito" if x.indicador == "1" else "Crédito", x.tipo_debito_credito, _escapar(x.descricao_db_cr),
            _valor(x.valor_db_cr))])
    if len(linhas) == 1:
        linhas.append([Paragraph("—", PEQUENO)] * 4)
    tabela = Table(linhas, colWidths=[largura * f for f in (0.12, 0.15, 0.55, 0.18)])
    tabela.setStyle(GRADE)
    return tabela


def pagamento(d: Demonstrativo) -> bytes:
    """Demonstrativo de Pagamento, fields 1–43."""
    saida, doc, largura = _documento("Demonstrativo de Pagamento")
    conteudo = d.conteudo
    historia: list[Any] = _cabecalho(d, "DEMONSTRATIVO DE PAGAMENTO", largura)
    for p in conteudo.pagamentos:
        historia += [Spacer(1, 2 * mm), _secao("Dados do Pagamento", largura), _linha([
            _campo(9, "Data do Pagamento", data_br(p.data_pagamento)),
            _campo(10, "Forma de Pagamento", FORMAS_PAGAMENTO.get(p.forma_pagamento, p.forma_pagamento)),
            _campo(11, "Banco", p.banco or ""), _campo(12, "Agência", p.agencia or ""),
            _campo(13, "Conta", p.nr_conta_cheque or "")], largura), _secao("Dados do Resumo", largura)]
        linhas = [[Paragraph(f"<font size=6>{n} - {r}</font>", PEQUENO) for n, r in (
            (14, "Data de Protocolo"), (15, "Número do Protocolo"), (16, "Número do Lote"), (17, "Valor Informado"),
            (18, "Valor Processado"), (19, "Valor Liberado"), (20, "Valor da Glosa"))]]
        for r in p.protocolos:
            linhas.append([Paragraph(v, PEQUENO) for v in (
                data_br(r.data_protocolo), r.numero_protocolo, r.numero_lote, _valor(r.valor_informado),
                _valor(r.valor_processado), _valor(r.valor_liberado), _valor(r.valor_glosa))])
        tabela = Table(linhas, colWidths=[largura / 7] * 7, repeatRows=1)
        tabela.setStyle(GRADE)
        historia += [tabela, _secao("Valores Brutos por Data de Pagamento", largura), _linha([
            _campo(21, "Valor Total Informado por Data de Pagamento (R$)", _valor(p.total_informado)),
            _campo(22, "Valor Total Processado por Data de Pagamento (R$)", _valor(p.total_processado)),
            _campo(23, "Valor Total Liberado por Data de Pagamento (R$)", _valor(p.total_liberado)),
            _campo(24, "Valor Total Glosa por Data de Pagamento (R$)", _valor(p.total_glosa))], largura),
            _secao("Demais Débitos / Créditos por Data de Pagamento", largura),
            _debitos_creditos(p.debitos_creditos, 25, largura),
            _secao("Valores Líquidos por Data de Pagamento", largura), _linha([
                _campo(29, "Valor Total dos Demais Débitos por Data de Pagamento (R$)", _valor(p.total_debitos)),
                _campo(30, "Valor Total de Demais Créditos por Data de Pagamento (R$)", _valor(p.total_creditos)),
                _campo(31, "Valor Final a Receber por Data de Pagamento (R$)", _valor(p.liquido))], largura)]
    historia += [Spacer(1, 2 * mm), _secao("Valores Totais do Demonstrativo - Bruto", largura), _linha([
        _campo(32, "Valor Total Informado (R$)", _valor(conteudo.valor_informado_bruto)),
        _campo(33, "Valor Total Processado (R$)", _valor(conteudo.valor_processado_bruto)),
        _campo(34, "Valor Total Liberado (R$)", _valor(conteudo.valor_liberado_bruto)),
        _campo(35, "Valor Total Glosa (R$)", _valor(conteudo.valor_glosa_bruto))], largura),
        _secao("Demais Débitos / Créditos do Demonstrativo", largura),
        _debitos_creditos(conteudo.debitos_creditos, 36, largura),
        _secao("Valores Totais do Demonstrativo - Líquido", largura), _linha([
            _campo(40, "Valor Total de Demais Débitos (R$)", _valor(conteudo.total_debitos)),
            _campo(41, "Valor Total de Demais Créditos (R$)", _valor(conteudo.total_creditos)),
            _campo(42, "Valor Final a Receber (R$)", _valor(conteudo.valor_liberado))], largura),
        _linha([_campo(43, "Observação", conteudo.observacao or "")], largura)]
    doc.build(historia)
    return saida.getvalue()


def informe_rendimentos(informe: Any) -> bytes:
    """Comprovante anual de rendimentos pagos e de retenções (the provider's income-tax statement)."""
    saida, doc, largura = _documento("Informe de rendimentos")
    historia: list[Any] = [
        Paragraph(f"Comprovante de rendimentos pagos e de retenções — ano-calendário {informe.ano}", TITULO),
        _linha([_campo(1, "Fonte pagadora", informe.operadora.razao_social),
                _campo(2, "CNPJ da fonte pagadora", cpf_cnpj(informe.operadora.cnpj))], largura),
        _linha([_campo(3, "Beneficiário dos rendimentos", informe.prestador.nome),
                _campo(4, "CPF/CNPJ", cpf_cnpj(informe.prestador.cpf_cnpj))], largura),
    ]
    cabecalho = ["Mês", "Rendimento bruto", "IRRF retido", "PIS/COFINS/CSLL retidos", "ISS retido",
                 "Outros débitos/créditos", "Valor líquido"]
    linhas = [[Paragraph(f"<b>{c}</b>", PEQUENO) for c in cabecalho]]
    for m in informe.meses:
        linhas.append([Paragraph(v, PEQUENO) for v in (
            m.mes, _valor(m.bruto), _valor(m.irrf), _valor(m.csrf), _valor(m.iss), _valor(m.outros),
            _valor(m.liquido))])
    t = informe.total
    linhas.append([Paragraph(f"<b>{v}</b>", PEQUENO) for v in (
        "Total", _valor(t.bruto), _valor(t.irrf), _valor(t.csrf), _valor(t.iss), _valor(t.outros),
        _valor(t.liquido))])
    tabela = Table(linhas, colWidths=[largura / 7] * 7)
    tabela.setStyle(GRADE)
    historia += [Spacer(1, 3 * mm), tabela, Spacer(1, 3 * mm), Paragraph(
        "Valores por data de pagamento efetivo (regime de caixa). Rendimento bruto = valor liberado + créditos de "
        "recursos de glosa acatados. Valor líquido = rendimento bruto − retenções + outros débitos/créditos "
        "(ajustes do demonstrativo de pagamento).", PEQUENO)]
    doc.build(historia)
    return saida.getvalue()
