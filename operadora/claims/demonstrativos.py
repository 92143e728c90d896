"""The operator's statements as TISS typed objects (`tiss.respostas`): the same object feeds the XML (the TISS
builder, never XML by hand) and the PDF (`pdf.py`), so both always say the same.

- Demonstrativo de Análise de Conta (DEMONSTRATIVO_ANALISE_CONTA): by protocol or by period; seed 004 fields 1–47.
- Demonstrativo de Pagamento (DEMONSTRATIVO_PAGAMENTO): by payment date or competência; fields 1–43.
- Odontological variant (DEMONSTRATIVO_ODONTOLOGIA): the payment of odontological protocols.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from operadora.billing.models import Protocolo, TipoGuia
from operadora.billing.selectors import versao_tiss_atual
from operadora.registry.models import Credenciamento, Operadora, Prestador
from operadora.registry.selectors import termos_por_codigo
from operadora.tiss import builders, respostas
from operadora.tiss.guias import Contratado, MotivoGlosa, PrestadorIdentificacao

from . import codigos
from .models import LancamentoFinanceiro, Pagamento, RecursoGlosa
from .selectors import GuiaAnalisada, guias_analisadas

ZERO = Decimal("0.00")
CNES_NAO_INFORMADO = "9999999"


@dataclass
class Demonstrativo:
    """A statement ready to render: the TISS object plus what only the PDF shows (names)."""

    conteudo: Any
    operadora: Operadora
    prestador: Prestador
    codigo_prestador: str
    nomes_beneficiarios: dict[str, str] = field(default_factory=dict)
    descricoes_glosa: dict[str, str] = field(default_factory=dict)
    # Odontological items: (guia no prestador, sequencial) → "dente 11, face OD" (printed with the description).
    dentes: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def transacao(self) -> str:
        return self.conteudo.TRANSACAO


def codigo_na_operadora(operadora: Operadora, prestador: Prestador) -> str:
    credenciamento = Credenciamento.objects.filter(operadora=operadora, prestador=prestador).order_by("-id").first()
    return credenciamento.codigo_na_operadora if credenciamento else prestador.cpf_cnpj


def _cabecalho(operadora: Operadora, numero: str, emissao: datetime.date) -> respostas.CabecalhoDemonstrativo:
    return respostas.CabecalhoDemonstrativo(registro_ans=operadora.registro_ans, numero_demonstrativo=numero[:20],
                                            nome_operadora=operadora.razao_social[:70], numero_cnpj=operadora.cnpj,
                                            data_emissao=emissao)


def termos_das_linhas(linhas: Any) -> dict[str, str]:
    """The TUSS terms of the lines (procedures or other expenses) billed without a description — one query, none
    when every line has one."""
    linhas = [x for x in linhas if not x.descricao]
    return termos_por_codigo({x.codigo for x in linhas}, tabelas={x.tabela for x in linhas})


def descricao_da_linha(linha: Any, termos: dict[str, str]) -> str:
    """descricaoProcedimento (1–150 characters in the XSD): the billed description; the guia de consulta carries
    none, so the TUSS term of the code, or the code itself when the tables lack it."""
    return (linha.descricao or termos.get(linha.codigo) or linha.codigo)[:150]


def _guia(analisada: GuiaAnalisada, situacao: str, termos: dict[str, str]) -> respostas.GuiaDemonstrativo:
    guia = analisada.guia
    itens = []
    for i in analisada.itens:
        item = i.item
        glosas = tuple(respostas.GlosaItem(valor_glosa=g.valor, tipo_glosa=g.codigo_glosa) for g in i.glosas_ativas)
        itens.append(respostas.ItemDemonstrativo(
            sequencial_item=item.sequencial, data_realizacao=item.data_execucao, codigo_tabela=item.tabela,
            codigo_procedimento=item.codigo, descricao_procedimento=descricao_da_linha(item, termos),
            grau_participacao=getattr(item, "grau_participacao", "") or None, valor_informado=item.valor_total,
            qtd_executada=item.quantidade, valor_processado=i.valor_processado, valor_liberado=i.valor_liberado,
            glosas=glosas))
    datas = [i.item.data_execucao for i in analisada.itens] or [guia.data_atendimento or guia.criado_em.date()]
    return respostas.GuiaDemonstrativo(
        numero_guia_prestador=guia.numero_guia_prestador, numero_guia_operadora=guia.numero_guia_operadora or None,
        senha=guia.senha or None, numero_carteira=guia.carteira, data_inicio_fat=min(datas),
        data_fim_fat=max(datas), situacao_guia=situacao, itens=tuple(itens),
        valor_informado_guia=analisada.valor_informado, valor_processado_guia=analisada.valor_processado,
        valor_liberado_guia=analisada.valor_liberado, valor_glosa_guia=analisada.valor_glosa)


def analise_conta(*, operadora: Operadora, prestador: Prestador, protocolos: list[Protocolo], numero: str,
                  emissao: datetime.date | None = None) -> Demonstrativo:
    """Demonstrativo de Análise de Conta of one or more released protocols of one provider."""
    por_protocolo = guias_analisadas(protocolos)
    termos = termos_das_linhas(i.item for guias in por_protocolo.values() for g in guias for i in g.itens)
    blocos = []
    nomes: dict[str, str] = {}
    geral = {"informado": ZERO, "processado": ZERO, "liberado": ZERO, "glosa": ZERO}
    for protocolo in protocolos:
        guias = por_protocolo.get(protocolo.pk, [])
        for g in guias:
            nomes[g.guia.carteira] = g.guia.nome_beneficiario or (g.guia.beneficiario.nome if g.guia.beneficiario else "")
        situacao = protocolo.codigo_situacao_tiss
        glosa = sum((g.valor_glosa for g in guias), ZERO)
        informado = protocolo.valor_informado
        blocos.append(respostas.ProtocoloDemonstrativo(
            numero_lote_prestador=protocolo.lote.numero, numero_protocolo=protocolo.numero,
            data_protocolo=timezone.localdate(protocolo.recebido_em), situacao_protocolo=situacao,
            guias=tuple(_guia(g, situacao, termos) for g in guias), valor_informado_protocolo=informado,
            valor_processado_protocolo=informado, valor_liberado_protocolo=informado - glosa,
            valor_glosa_protocolo=glosa))
        geral["informado"] += informado
        geral["processado"] += informado
        geral["liberado"] += informado - glosa
        geral["glosa"] += glosa
    codigo = codigo_na_operadora(operadora, prestador)
    conteudo = respostas.DemonstrativoAnaliseConta(
        cabecalho=_cabecalho(operadora, numero, emissao or timezone.localdate()),
        prestador=Contratado(codigo_prestador_na_operadora=codigo), cnes=prestador.cnes or CNES_NAO_INFORMADO,
        protocolos=tuple(blocos), valor_informado_geral=geral["informado"],
        valor_processado_geral=geral["processado"], valor_liberado_geral=geral["liberado"],
        valor_glosa_geral=geral["glosa"])
    descricoes = {g.tipo_glosa: codigos.descricao(g.tipo_glosa) for p in blocos for gu in p.guias for i in gu.itens
                  for g in i.glosas}
    dentes = {(g.guia.numero_guia_prestador, i.item.sequencial): _dente(i.item)
              for guias in por_protocolo.values() for g in guias for i in g.itens
              if getattr(i.item, "dente", "") or getattr(i.item, "regiao", "")}
    return Demonstrativo(conteudo, operadora, prestador, codigo, nomes, descricoes, dentes)


def _dente(item: Any) -> str:
    onde = f"dente {item.dente}" if item.dente else f"região {item.regiao}"
    return f"{onde}, face {item.face}" if item.face else onde


def _debito_credito(lancamento: LancamentoFinanceiro) -> respostas.DebitoCredito:
    return respostas.DebitoCredito(indicador=lancamento.indicador, tipo_debito_credito=lancamento.codigo_tiss,
                                   descricao_db_cr=lancamento.descricao[:40], valor_db_cr=lancamento.valor)


TIPO_PAGAMENTO_NORMAL = "1"  # dm_tipoPagamento


def _guia_paga(analisada: GuiaAnalisada) -> respostas.GuiaPaga:
    guia = analisada.guia
    return respostas.GuiaPaga(
        numero_guia_prestador=guia.numero_guia_prestador, numero_guia_operadora=guia.numero_guia_operadora or None,
        senha=guia.senha or None, tipo_pagamento=TIPO_PAGAMENTO_NORMAL,
        valor_processado_guia=analisada.valor_processado, valor_liberado_guia=analisada.valor_liberado,
        valor_glosa_guia=analisada.valor_glosa)


def _protocolos_e_lancamentos(
    pagamentos: list[Pagamento],
) -> tuple[dict[int, list[Protocolo]], dict[int, list[LancamentoFinanceiro]]]:
    """Per payment id: its protocols (oldest received first) and its other debits/credits — two queries."""
    ids = [p.pk for p in pagamentos]
    protocolos: dict[int, list[Protocolo]] = defaultdict(list)
    for protocolo in Protocolo.objects.filter(pagamento_claims__pagamento_id__in=ids).select_related(
            "lote", "pagamento_claims").order_by("recebido_em", "id"):
        protocolos[protocolo.pagamento_claims.pagamento_id].append(protocolo)
    lancamentos: dict[int, list[LancamentoFinanceiro]] = defaultdict(list)
    for lancamento in LancamentoFinanceiro.objects.filter(pagamento_id__in=ids).order_by("id"):
        if lancamento.pagamento_id is not None:
            lancamentos[lancamento.pagamento_id].append(lancamento)
    return protocolos, lancamentos


def pagamento(*, operadora: Operadora, prestador: Prestador, pagamentos: list[Pagamento], numero: str,
              emissao: datetime.date | None = None) -> Demonstrativo:
    """Demonstrativo de Pagamento of one or more payment dates (a competência may have several)."""
    protocolos, lancamentos = _protocolos_e_lancamentos(pagamentos)
    guias = guias_analisadas([pr for lista in protocolos.values() for pr in lista])
    por_data = []
    todos: list[LancamentoFinanceiro] = []
    for p in pagamentos:
        todos.extend(lancamentos[p.pk])
        por_data.append(respostas.PagamentoPorData(
            data_pagamento=p.data_pagamento, forma_pagamento=p.forma_pagamento, banco=prestador.banco or None,
            agencia=prestador.agencia or None, nr_conta_cheque=prestador.conta or None,
            protocolos=tuple(respostas.ProtocoloPago(
                data_protocolo=timezone.localdate(pr.recebido_em), numero_protocolo=pr.numero,
                numero_lote=pr.lote.numero, valor_informado=pr.valor_informado, valor_processado=pr.valor_processado,
                valor_liberado=pr.valor_liberado, valor_glosa=pr.valor_glosado,
                guias=tuple(_guia_paga(g) for g in guias.get(pr.pk, []))) for pr in protocolos[p.pk]),
            total_informado=p.valor_informado, total_processado=p.valor_processado, total_liberado=p.valor_liberado,
            total_glosa=p.valor_glosa, debitos_creditos=tuple(_debito_credito(x) for x in lancamentos[p.pk]),
            total_debitos=p.total_debitos, total_creditos=p.total_creditos, liquido=p.valor_liquido))
    soma = {campo: sum((getattr(p, campo) for p in pagamentos), ZERO)
            for campo in ("valor_informado", "valor_processado", "valor_liberado", "valor_glosa", "total_debitos",
                          "total_creditos", "valor_liquido")}
    codigo = codigo_na_operadora(operadora, prestador)
    conteudo = respostas.DemonstrativoPagamento(
        cabecalho=_cabecalho(operadora, numero, emissao or timezone.localdate()),
        prestador=Contratado(codigo_prestador_na_operadora=codigo), cnes=prestador.cnes or CNES_NAO_INFORMADO,
        pagamentos=tuple(por_data), valor_informado_bruto=soma["valor_informado"],
        valor_processado_bruto=soma["valor_processado"], valor_liberado_bruto=soma["valor_liberado"],
        valor_glosa_bruto=soma["valor_glosa"], debitos_creditos=tuple(_debito_credito(x) for x in todos),
        total_debitos=soma["total_debitos"], total_creditos=soma["total_creditos"],
        valor_liberado=soma["valor_liquido"])
    return Demonstrativo(conteudo, operadora, prestador, codigo)


def eh_odontologico(protocolos: list[Protocolo]) -> bool:
    return bool(protocolos) and all(p.tipo_guia == TipoGuia.ODONTOLOGIA for p in protocolos)


def _item_odonto(i: Any, termos: dict[str, str]) -> respostas.ItemPagoOdonto:
    item = i.item
    return respostas.ItemPagoOdonto(
        sequencial_item=item.sequencial, codigo_tabela=item.tabela, codigo_procedimento=item.codigo,
        descricao_procedimento=descricao_da_linha(item, termos), cod_dente=item.dente or None,
        cod_regiao=None if item.dente else (item.regiao or None), dente_face=item.face or None,
        data_realizacao=item.data_execucao, qtd_proc=int(item.quantidade), valor_informado=item.valor_total,
        valor_processado=i.valor_processado, valor_glosa_estorno=i.valor_glosa,
        valor_franquia=item.valor_franquia or ZERO, valor_liberado=i.valor_liberado,
        codigos_glosa=tuple(g.codigo_glosa for g in i.glosas_ativas))


def _guia_odonto(g: GuiaAnalisada, prestador: Prestador, termos: dict[str, str]) -> respostas.GuiaPagaOdonto:
    itens = tuple(_item_odonto(i, termos) for i in g.itens)
    franquia = sum((x.valor_franquia for x in itens), ZERO)
    return respostas.GuiaPagaOdonto(
        numero_guia_prestador=g.guia.numero_guia_prestador, numero_guia_operadora=g.guia.numero_guia_operadora or None,
        recurso="N", nome_executante=(g.guia.executante_nome or prestador.nome)[:70],
        carteira_beneficiario=g.guia.carteira, itens=itens, valor_total_informado=g.valor_informado,
        valor_total_processado=g.valor_processado, valor_total_glosa=g.valor_glosa, valor_total_franquia=franquia,
        valor_total_liberado=g.valor_liberado)


def pagamento_odontologia(*, operadora: Operadora, prestador: Prestador, pagamentos: list[Pagamento], numero: str,
                          emissao: datetime.date | None = None) -> Demonstrativo:
    """The odontological variant (DEMONSTRATIVO_ODONTOLOGIA): analysis and payment per tooth/region/face."""
    protocolos, lancamentos = _protocolos_e_lancamentos(pagamentos)
    todos_protocolos = [pr for lista in protocolos.values() for pr in lista]
    guias = guias_analisadas(todos_protocolos)
    termos = termos_das_linhas(i.item for lista in guias.values() for g in lista for i in g.itens)
    por_data, todos = [], []
    for p in pagamentos:
        blocos = []
        for pr in protocolos[p.pk]:
            gs = tuple(_guia_odonto(g, prestador, termos) for g in guias.get(pr.pk, []))
            blocos.append(respostas.ProtocoloPagoOdonto(
                numero_lote=pr.lote.numero, numero_protocolo=pr.numero, guias=gs,
                valor_total_informado=sum((g.valor_total_informado for g in gs), ZERO),
                valor_total_processado=sum((g.valor_total_processado for g in gs), ZERO),
                valor_total_glosa=sum((g.valor_total_glosa for g in gs), ZERO),
                valor_total_franquia=sum((g.valor_total_franquia for g in gs), ZERO),
                valor_total_liberado=sum((g.valor_total_liberado for g in gs), ZERO)))
        todos.extend(lancamentos[p.pk])
        por_data.append(respostas.PagamentoOdontoPorData(
            data_pagamento=p.data_pagamento, banco=prestador.banco or None, agencia=prestador.agencia or None,
            conta=prestador.conta or None, protocolos=tuple(blocos),
            valor_bruto_informado=sum((b.valor_total_informado for b in blocos), ZERO),
            valor_bruto_processado=sum((b.valor_total_processado for b in blocos), ZERO),
            valor_bruto_glosa=sum((b.valor_total_glosa for b in blocos), ZERO),
            valor_bruto_franquia=sum((b.valor_total_franquia for b in blocos), ZERO),
            valor_bruto_liberado=sum((b.valor_total_liberado for b in blocos), ZERO),
            descontos=tuple(_debito_credito(x) for x in lancamentos[p.pk]), valor_total_debitos=p.total_debitos,
            valor_total_creditos=p.total_creditos, valor_final_a_receber=p.valor_liquido))
    datas = [timezone.localdate(pr.recebido_em) for pr in todos_protocolos] or [p.data_pagamento for p in pagamentos]
    codigo = codigo_na_operadora(operadora, prestador)
    pj = prestador.tipo_pessoa == Prestador.TipoPessoa.JURIDICA
    conteudo = respostas.DemonstrativoOdontologia(
        registro_ans=operadora.registro_ans, numero_demonstrativo=numero[:20],
        nome_operadora=operadora.razao_social[:70], cnpj_operadora=operadora.cnpj, periodo_inicio=min(datas),
        periodo_fim=max(datas), codigo_prestador=codigo, cnpj_prestador=prestador.cpf_cnpj if pj else None,
        cpf_contratado=None if pj else prestador.cpf_cnpj, pagamentos=tuple(por_data),
        valor_informado=sum((x.valor_bruto_informado for x in por_data), ZERO),
        valor_processado=sum((x.valor_bruto_processado for x in por_data), ZERO),
        valor_glosa=sum((x.valor_bruto_glosa for x in por_data), ZERO),
        valor_franquia=sum((x.valor_bruto_franquia for x in por_data), ZERO),
        valor_liberado=sum((x.valor_bruto_liberado for x in por_data), ZERO),
        descontos=tuple(_debito_credito(x) for x in todos),
        total_debitos=sum((p.total_debitos for p in pagamentos), ZERO),
        total_creditos=sum((p.total_creditos for p in pagamentos), ZERO),
        valor_recebido=sum((p.valor_liquido for p in pagamentos), ZERO))
    return Demonstrativo(conteudo, operadora, prestador, codigo)


def pagamento_ou_odontologia(*, operadora: Operadora, prestador: Prestador, pagamentos: list[Pagamento],
                             numero: str) -> Demonstrativo:
    """The payment statement in its TISS form: the odontological one when every protocol is odontological."""
    protocolos = list(Protocolo.objects.filter(pagamento_claims__pagamento__in=pagamentos))
    construtor = pagamento_odontologia if eh_odontologico(protocolos) else pagamento
    return construtor(operadora=operadora, prestador=prestador, pagamentos=pagamentos, numero=numero)


def xml(demonstrativo: Demonstrativo, *, sequencial: str | None = None) -> bytes:
    """The TISS message (current version of the operadora, hash in its configured encoding)."""
    operadora = demonstrativo.operadora
    cabecalho = getattr(demonstrativo.conteudo, "cabecalho", None)
    numero = str(sequencial or (cabecalho.numero_demonstrativo if cabecalho else
                                getattr(demonstrativo.conteudo, "numero_demonstrativo", None) or "1"))
    return builders.construir_mensagem(
        demonstrativo.conteudo, versao=versao_tiss_atual(operadora), sequencial_transacao=numero[:12],
        registro_ans=operadora.registro_ans,
        prestador=PrestadorIdentificacao(codigo_prestador_na_operadora=demonstrativo.codigo_prestador),
        codificacao=operadora.codificacao_hash_envio)


def motivo(codigo: str) -> MotivoGlosa:
    return MotivoGlosa(codigo_glosa=codigo, descricao_glosa=codigos.descricao(codigo)[:500] or None)


# --- recurso de glosa ----------------------------------------------------------------------------------------


def recebimento_recurso(recurso: RecursoGlosa) -> Demonstrativo:
    """RECEBIMENTO_RECURSO_GLOSA: the protocol of an appeal."""
    protocolo = recurso.protocolo
    codigo = codigo_na_operadora(recurso.operadora, recurso.prestador)
    guias = {i.glosa.guia_id for i in recurso.itens.select_related("glosa")}
    conteudo = respostas.RecursoGlosaRecebido(
        nr_protocolo_recurso_glosa=recurso.numero, data_envio_recurso=timezone.localdate(recurso.criado_em),
        data_recebimento_recurso=timezone.localdate(recurso.criado_em), numero_lote=protocolo.lote.numero,
        registro_ans=recurso.operadora.registro_ans, prestador=Contratado(codigo_prestador_na_operadora=codigo),
        nr_protocolo_recursado=protocolo.numero,
        justificativa_protocolo=recurso.justificativa[:500] if recurso.objeto == RecursoGlosa.Objeto.PROTOCOLO else None,
        qt_guias_recurso=len(guias), valor_total_recursado=recurso.valor_recursado)
    return Demonstrativo(conteudo, recurso.operadora, recurso.prestador, codigo)


def resposta_recurso(recurso: RecursoGlosa) -> Demonstrativo:
    """RESPOSTA_RECURSO_GLOSA: the decision on each appealed item."""
    protocolo = recurso.protocolo
    codigo = codigo_na_operadora(recurso.operadora, recurso.prestador)
    itens = []
    recursados = list(recurso.itens.select_related("glosa__guia", "glosa__item", "glosa__despesa").order_by("id"))
    termos = termos_das_linhas(i.glosa.linha for i in recursados)
    for i in recursados:
        guia, item = i.glosa.guia, i.glosa.linha
        itens.append(respostas.RespostaItemRecurso(
            numero_guia_prestador=guia.numero_guia_prestador, numero_guia_operadora=guia.numero_guia_operadora or None,
            senha=guia.senha or None, data_realizacao=item.data_execucao, sequencial_item=item.sequencial,
            codigo_tabela=item.tabela, codigo_procedimento=item.codigo, descricao_procedimento=descricao_da_linha(item, termos),
            cod_glosa=i.glosa.codigo_glosa, valor_recursado=i.valor_recursado,
            justificativa_prestador=i.justificativa[:500], valor_acatado=i.valor_acatado,
            justificativa_operadora=(i.justificativa_operadora or None) and i.justificativa_operadora[:500]))
    conteudo = respostas.RespostaRecursoGlosa(
        registro_ans=recurso.operadora.registro_ans,
        numero_guia_rec_glosa_prestador=recurso.numero_prestador or recurso.numero,
        numero_guia_rec_glosa_operadora=recurso.numero, nome_operadora=recurso.operadora.razao_social[:70],
        objeto_recurso=recurso.objeto, codigo_prestador=codigo, numero_lote=protocolo.lote.numero,
        numero_protocolo=protocolo.numero, respostas_item=tuple(itens),
        data_recurso=timezone.localdate(recurso.criado_em), valor_total_recursado=recurso.valor_recursado,
        valor_total_acatado=recurso.valor_acatado)
    return Demonstrativo(conteudo, recurso.operadora, recurso.prestador, codigo)
