"""The *capa do lote* (seed 004) and the automatic billing print, as PDF (reportlab)."""

import io

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from operadora.core.formatos import format_brl, format_cpf_cnpj, format_data
from operadora.registry.models import Credenciamento

from .models import Guia, Lote, NotaFiscal

_ESTILO_TABELA = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _documento(titulo: str) -> tuple[io.BytesIO, SimpleDocTemplate]:
    saida = io.BytesIO()
    return saida, SimpleDocTemplate(
        saida,
        pagesize=A4,
        title=titulo,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )


def capa_do_lote(lote: Lote) -> bytes:
    """Protocolo (PEG), lote, envio, tipo da guia, origem, versão TISS, valores informado/glosado/liberado,
    prestador (with its código na operadora), NF, resumo (guias/itens apresentados e com glosa) and the list of
    guides."""
    estilos = getSampleStyleSheet()
    protocolo = getattr(lote, "protocolo", None)
    operadora, prestador = lote.operadora, lote.prestador
    nota = NotaFiscal.objects.filter(protocolo=protocolo).first() if protocolo else None
    codigo = (
        Credenciamento.objects.filter(operadora=operadora, prestador=prestador)
        .values_list("codigo_na_operadora", flat=True)
        .first()
    )
    saida, doc = _documento(f"Capa do lote {lote.numero}")
    linhas = [
        [
            f"Protocolo (PEG): {protocolo.numero if protocolo else '—'}",
            f"Lote: {lote.numero}",
            f"Envio: {format_data(lote.enviado_em.date()) if lote.enviado_em else '—'}",
        ],
        [
            f"Tipo da Guia: {lote.get_tipo_guia_display()}",
            f"Origem: {lote.get_origem_display()}",
            f"Versão: TISS {lote.versao_tiss or '—'}",
        ],
        [
            f"Valor Informado: {format_brl(lote.valor_informado)}",
            f"Valor Glosado: {format_brl(protocolo.valor_glosado if protocolo else 0)}",
            f"Valor Liberado: {format_brl(protocolo.valor_liberado if protocolo else 0)}",
        ],
        [
            f"Prestador: {prestador.nome} - {'CNPJ' if prestador.tipo_pessoa == 'J' else 'CPF'} "
            f"{format_cpf_cnpj(prestador.cpf_cnpj)}",
            "",
            "",
        ],
        [f"Código: {codigo or '—'}", "", ""],
        [
            f"Nota Fiscal: {nota.numero if nota else ''}",
            f"Emissão: {format_data(nota.data_emissao) if nota else ''}",
            f"Valor: {format_brl(nota.valor) if nota else ''}",
        ],
    ]
    resumo = [
        ["Resumo", "Totais"],
        ["Guias apresentadas", str(lote.quantidade_guias)],
        ["Guias com glosas", str(protocolo.guias_com_glosa if protocolo else 0)],
        ["Itens apresentados", str(protocolo.quantidade_itens if protocolo else 0)],
        ["Itens com glosas", str(protocolo.itens_com_glosa if protocolo else 0)],
    ]
    numeros = list(
        Guia.objects.filter(lote=lote).order_by("id").values_list("numero_guia_prestador", flat=True)
    )
    tabela = Table(linhas, colWidths=[70 * mm, 55 * mm, 55 * mm])
    tabela.setStyle(_ESTILO_TABELA)
    tabela_resumo = Table(resumo, colWidths=[70 * mm, 30 * mm])
    tabela_resumo.setStyle(_ESTILO_TABELA)
    doc.build(
        [
            Paragraph(f"{operadora.nome_fantasia} — ANS nº {operadora.registro_ans}", estilos["Heading2"]),
            Paragraph("Envio de Lote Para Faturamento", estilos["Title"]),
            tabela,
            Spacer(1, 6 * mm),
            tabela_resumo,
            Spacer(1, 4 * mm),
            Paragraph(format_data(timezone.localtime()), estilos["Normal"]),
            Spacer(1, 4 * mm),
            Paragraph("Relação das Guias:", estilos["Heading4"]),
            Paragraph(", ".join(numeros) or "—", estilos["Normal"]),
        ]
    )
    return saida.getvalue()


def impressao_faturamento(faturamento, lotes: list[Lote], vias: int) -> bytes:
    """The automatic billing print (seed 003): 1 or 2 copies, to deliver with the members' signatures."""
    estilos = getSampleStyleSheet()
    saida, doc = _documento(f"Faturamento {faturamento.pk}")
    elementos = []
    for via in range(1, vias + 1):
        elementos += [
            Paragraph(f"Faturamento dos atendimentos — {via}ª via", estilos["Title"]),
            Paragraph(
                f"Período: {format_data(faturamento.data_inicial)} a "
                f"{format_data(faturamento.data_final)} · Situação: "
                f"{faturamento.get_situacao_display()} · Valor: "
                f"{format_brl(faturamento.valor_informado)}",
                estilos["Normal"],
            ),
            Spacer(1, 4 * mm),
        ]
        for lote in lotes:
            protocolo = getattr(lote, "protocolo", None)
            linhas = [["Guia", "Beneficiário", "Senha", "Valor", "Assinatura do beneficiário"]]
            for guia in Guia.objects.filter(lote=lote).order_by("id"):
                linhas.append(
                    [
                        guia.numero_guia_prestador,
                        guia.nome_beneficiario[:30],
                        guia.senha,
                        format_brl(guia.valor_total),
                        "",
                    ]
                )
            elementos.append(
                Paragraph(
                    f"Lote {lote.numero} · {lote.get_tipo_guia_display()} · Protocolo "
                    f"{protocolo.numero if protocolo else '—'}",
                    estilos["Heading4"],
                )
            )
            tabela = Table(linhas, colWidths=[30 * mm, 55 * mm, 25 * mm, 25 * mm, 45 * mm], repeatRows=1)
            tabela.setStyle(_ESTILO_TABELA)
            elementos += [tabela, Spacer(1, 4 * mm)]
        if via < vias:
            elementos.append(PageBreak())
    doc.build(elementos)
    return saida.getvalue()
