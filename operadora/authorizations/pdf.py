"""PDFs (reportlab): the authorized guide to print, the formal denial letter, and the published list of procedures
that need a senha. Each function takes what the page already read and returns bytes."""

import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from operadora.core.formatos import format_cpf_cnpj, format_data

from . import codigos
from .models import Autorizacao
from .selectors import LinhaListaPublicada

ESTILOS = getSampleStyleSheet()
NORMAL = ParagraphStyle("normal", parent=ESTILOS["Normal"], fontSize=9, leading=11)
PEQUENO = ParagraphStyle("pequeno", parent=NORMAL, fontSize=7.5, leading=9, textColor=colors.HexColor("#333333"))
TITULO = ParagraphStyle("titulo", parent=ESTILOS["Title"], fontSize=14, leading=17, spaceAfter=4)
SUBTITULO = ParagraphStyle("subtitulo", parent=ESTILOS["Heading3"], fontSize=10, leading=12, spaceBefore=6)
GRADE = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#777777")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9eef0")),
])


def _p(texto: Any, estilo: ParagraphStyle = NORMAL) -> Paragraph:
    from xml.sax.saxutils import escape

    return Paragraph(escape(str(texto or "")).replace("\n", "<br/>"), estilo)


def _campo(numero: int | str, rotulo: str, valor: Any) -> Paragraph:
    from xml.sax.saxutils import escape

    return Paragraph(f"<font size=6.5>{numero} - {escape(rotulo)}</font><br/>{escape(str(valor or ''))}", NORMAL)


def _documento(buffer: io.BytesIO, titulo: str, paisagem: bool = False) -> SimpleDocTemplate:
    return SimpleDocTemplate(buffer, pagesize=landscape(A4) if paisagem else A4, title=titulo,
                             leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                             author="Operadora Aberta")


def guia_autorizada(autorizacao: Autorizacao, detalhe: dict[str, Any]) -> bytes:
    """The authorization as the provider prints it: header numbers, senha and validity, member, items."""
    buffer = io.BytesIO()
    doc = _documento(buffer, f"Guia {autorizacao.numero_guia_operadora}")
    operadora, beneficiario, prestador = autorizacao.operadora, autorizacao.beneficiario, autorizacao.prestador
    largura = doc.width
    story: list[Any] = [
        _p(f"GUIA DE SOLICITAÇÃO — {autorizacao.get_tipo_display().upper()} — AUTORIZAÇÃO", TITULO),
        _p(f"{operadora.razao_social} · Registro ANS {operadora.registro_ans}", PEQUENO),
        Spacer(1, 4),
        Table([
            [_campo(1, "Registro ANS", operadora.registro_ans),
             _campo(2, "Nº da guia no prestador", autorizacao.numero_guia_prestador),
             _campo(3, "Nº da guia atribuído pela operadora", autorizacao.numero_guia_operadora)],
            [_campo(4, "Data da autorização", format_data(autorizacao.data_autorizacao)),
             _campo(5, "Senha", autorizacao.senha),
             _campo(6, "Data de validade da senha", format_data(autorizacao.data_validade_senha))],
        ], colWidths=[largura / 3] * 3, style=GRADE),
        _p("Dados do beneficiário", SUBTITULO),
        Table([[
            _campo(7, "Número da carteira", beneficiario.carteira),
            _campo(8, "Nome", beneficiario.nome_social or beneficiario.nome),
            _campo(9, "Atendimento a RN", "Sim" if autorizacao.atendimento_rn else "Não"),
        ]], colWidths=[largura * .3, largura * .5, largura * .2], style=GRADE),
        _p("Dados do solicitante", SUBTITULO),
        Table([[
            _campo(10, "Contratado", f"{prestador.nome} ({format_cpf_cnpj(prestador.cpf_cnpj)})"),
            _campo(11, "Profissional solicitante", autorizacao.profissional_solicitante or ""),
            _campo(12, "Caráter do atendimento", autorizacao.get_carater_atendimento_display()),
        ]], colWidths=[largura * .45, largura * .35, largura * .2], style=GRADE),
        Spacer(1, 3),
        Table([[_campo(13, "Indicação clínica", autorizacao.indicacao_clinica)]], colWidths=[largura], style=GRADE),
    ]
    if autorizacao.tipo in (Autorizacao.Tipo.INTERNACAO, Autorizacao.Tipo.PRORROGACAO):
        story += [Spacer(1, 3), Table([[
            _campo(14, "Tipo de internação", autorizacao.get_tipo_internacao_display()),
            _campo(15, "Regime", autorizacao.get_regime_internacao_display()),
            _campo(16, "Diárias solicitadas", autorizacao.diarias_solicitadas),
            _campo(17, "Diárias autorizadas", autorizacao.diarias_autorizadas),
        ]], colWidths=[largura / 4] * 4, style=GRADE)]
    linhas: list[list[Any]] = [["Tabela", "Código", "Descrição", "Dente/Região", "Face", "Qtd. solicitada", "Qtd. autorizada",
               "Motivo"]]
    for item in detalhe["itens"]:
        linhas.append([item.codigo_tabela, item.codigo, _p(item.descricao, PEQUENO), item.dente or item.regiao,
                       item.face, item.quantidade_solicitada, item.quantidade_autorizada or 0,
                       item.codigo_negativa])
    story += [
        _p("Procedimentos", SUBTITULO),
        Table(linhas, colWidths=[largura * w for w in (.07, .11, .38, .1, .07, .1, .1, .07)], style=GRADE,
              repeatRows=1),
        Spacer(1, 8),
        _p(f"Situação: {autorizacao.get_situacao_display()}. Apresente esta guia com a senha no atendimento; a senha "
           f"vale até {format_data(autorizacao.data_validade_senha)}.", NORMAL),
        _p(f"Emitida em {format_data(timezone.now())} por Operadora Aberta.", PEQUENO),
    ]
    doc.build(story)
    return buffer.getvalue()


def carta_negativa(autorizacao: Autorizacao, detalhe: dict[str, Any]) -> bytes:
    """The formal denial letter: who, what was asked, what was denied with the TUSS 38 reason and the auditor's
    justification (RN 623/2024 — the operator gives the denial in writing when asked)."""
    buffer = io.BytesIO()
    doc = _documento(buffer, f"Negativa {autorizacao.numero_guia_operadora}")
    operadora, beneficiario, prestador = autorizacao.operadora, autorizacao.beneficiario, autorizacao.prestador
    negados = [i for i in detalhe["itens"] if (i.quantidade_autorizada or 0) < i.quantidade_solicitada]
    linhas: list[list[Any]] = [["Código", "Descrição", "Solicitado", "Autorizado", "Motivo (TUSS 38)"]]
    for item in negados:
        linhas.append([item.codigo, _p(item.descricao, PEQUENO), item.quantidade_solicitada,
                       item.quantidade_autorizada or 0, _p(codigos.rotulo(item.codigo_negativa), PEQUENO)])
    diarias_negadas = bool(autorizacao.diarias_solicitadas) and (
        (autorizacao.diarias_autorizadas or 0) < (autorizacao.diarias_solicitadas or 0))
    if diarias_negadas:  # the diárias are the request's, not an item's: their reason is the decision's
        linhas.append(["—", _p("Diárias de internação", PEQUENO), autorizacao.diarias_solicitadas,
                       autorizacao.diarias_autorizadas or 0, _p(codigos.rotulo(autorizacao.codigo_negativa), PEQUENO)])
    data_decisao = autorizacao.decidida_em or autorizacao.atualizado_em
    story: list[Any] = [
        _p(operadora.razao_social, TITULO),
        _p(f"CNPJ {format_cpf_cnpj(operadora.cnpj)} · Registro ANS {operadora.registro_ans}", PEQUENO),
        Spacer(1, 10),
        _p("COMUNICADO DE NEGATIVA DE AUTORIZAÇÃO", SUBTITULO),
        _p(f"Data: {format_data(timezone.localdate())}"),
        Spacer(1, 6),
        _p(f"Beneficiário(a): {beneficiario.nome_social or beneficiario.nome} — carteira {beneficiario.carteira}"),
        _p(f"Prestador solicitante: {prestador.nome} ({format_cpf_cnpj(prestador.cpf_cnpj)})"),
        _p(f"Solicitação: {autorizacao.get_tipo_display()} nº {autorizacao.numero_guia_operadora} "
           f"(guia do prestador {autorizacao.numero_guia_prestador}), de "
           f"{format_data(autorizacao.criado_em)}; decisão em {format_data(data_decisao)}."),
        Spacer(1, 6),
        _p("Informamos que os procedimentos " + ("e as diárias " if diarias_negadas else "")
           + "abaixo não foram autorizados, pelos motivos indicados:"),
        Spacer(1, 4),
        Table(linhas, colWidths=[doc.width * w for w in (.12, .38, .1, .1, .3)], style=GRADE, repeatRows=1),
        Spacer(1, 6),
        _p("Motivo principal: " + (codigos.rotulo(autorizacao.codigo_negativa or
                                                  (negados[0].codigo_negativa if negados else "")) or "—")),
        _p("Justificativa: " + (autorizacao.justificativa_decisao or "—")),
        Spacer(1, 8),
        _p("Este comunicado é fornecido por escrito a pedido, conforme a Resolução Normativa ANS nº 623/2024. "
           "O beneficiário pode pedir reanálise à operadora e registrar reclamação na ANS (Disque ANS 0800 701 "
           "9656 ou www.gov.br/ans).", PEQUENO),
        Spacer(1, 18),
        _p(f"{operadora.nome_fantasia} — Auditoria médica"),
    ]
    doc.build(story)
    return buffer.getvalue()


def lista_publicada(operadora: Any, linhas: Sequence[LinhaListaPublicada],
                    ultima_alteracao: datetime.datetime | None) -> bytes:
    buffer = io.BytesIO()
    doc = _documento(buffer, "Procedimentos que exigem autorização", paisagem=True)
    tabela: list[list[Any]] = [["Procedimento / grupo", "Descrição", "Plano", "Exigência", "Orientação"]]
    for linha in linhas:
        tabela.append([linha.alvo, _p(linha.descricao, PEQUENO), linha.plano, _p(linha.exigencia, PEQUENO),
                       _p(linha.observacao, PEQUENO)])
    doc.build([
        _p(f"{operadora.nome_fantasia} — procedimentos que exigem autorização prévia (senha)", TITULO),
        _p(f"Última alteração: {format_data(ultima_alteracao) or '—'} · Registro ANS {operadora.registro_ans}",
           PEQUENO),
        Spacer(1, 6),
        Table(tabela, colWidths=[doc.width * w for w in (.18, .37, .13, .14, .18)], style=GRADE, repeatRows=1),
    ])
    return buffer.getvalue()
