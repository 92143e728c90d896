"""Recurso de glosa (portal and RECURSO_GLOSA XML), the operator's answer, payment (faturar, withholdings,
credits of accepted appeals, payment run), the Demonstrativo de Pagamento and the income-tax statement."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from operadora.accounts.acesso import ContextoPortal
from operadora.billing.models import Protocolo
from operadora.billing.selectors import registro_schemas
from operadora.claims import demonstrativos, pdf, selectors, services
from operadora.claims.models import Glosa, ItemRecurso, LancamentoFinanceiro, Pagamento, RecursoGlosa
from operadora.claims.services import DecisaoItem, ItemPedido
from operadora.core.erros import ErroDeNegocio, NaoEncontrado
from operadora.core.testing import texto_do_pdf
from operadora.registry.models import Credenciamento
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.validation import validar

from .conftest import HEMOGRAMA, item

pytestmark = pytest.mark.django_db
HOJE_RECURSO = datetime.date(2025, 6, 10)


@pytest.fixture
def liberado(protocolo_factory, beneficiario, preco_consulta, usuario_retaguarda):
    protocolo = protocolo_factory([
        {"carteira": beneficiario.carteira, "itens": [item(unitario="150.00"), item(HEMOGRAMA, unitario="20.00")]},
        {"carteira": "00000000000", "itens": [item(data=datetime.date(2025, 6, 3))]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    services.liberar_protocolo(protocolo_id=protocolo.pk, usuario=usuario_retaguarda)
    return Protocolo.objects.select_related("operadora", "analise").get(pk=protocolo.pk)


def _recorrer(protocolo, glosa, valor=None, **kwargs):
    return services.recorrer(operadora_id=protocolo.operadora_id, prestador_id=protocolo.prestador_id,
                             protocolo_id=protocolo.pk, itens=[ItemPedido(glosa.pk, valor or glosa.valor, "")],
                             justificativa="Preço reajustado pelo aditivo de abril.", **kwargs)


def test_recurso_de_um_item_e_resposta_parcial_vira_credito(liberado, usuario_retaguarda):
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    # when the provider appeals the price glosa (R$ 30) and the operator accepts R$ 20 of it
    recurso = _recorrer(liberado, glosa)
    item = recurso.itens.get()
    services.responder_recurso(recurso_id=recurso.pk, usuario=usuario_retaguarda, decisoes={
        item.pk: DecisaoItem("parcial", Decimal("20.00"), "Aditivo vale a partir de 15/05, metade do período.")})
    recurso.refresh_from_db()
    # then partial, R$ 20 credited as a pending credit for the next payment
    assert (recurso.situacao, recurso.valor_acatado) == (RecursoGlosa.Situacao.PARCIAL, Decimal("20.00"))
    credito = LancamentoFinanceiro.objects.get(tipo=LancamentoFinanceiro.Tipo.RECURSO)
    assert (credito.valor, credito.indicador, credito.pagamento) == (Decimal("20.00"), "2", None)


def test_recurso_fora_do_prazo_e_recusado(liberado):
    glosa = Glosa.objects.filter(protocolo=liberado).first()
    prazo = services.prazo_do_recurso(liberado)
    with pytest.raises(ErroDeNegocio) as erro:
        _recorrer(liberado, glosa, hoje=prazo + datetime.timedelta(days=1))
    assert erro.value.codigo_tiss == "2909"
    assert not RecursoGlosa.objects.exists()


def test_segundo_recurso_da_mesma_glosa_e_recusado(liberado):
    glosa = Glosa.objects.filter(protocolo=liberado).first()
    _recorrer(liberado, glosa)
    with pytest.raises(ErroDeNegocio) as erro:
        _recorrer(liberado, glosa)
    assert erro.value.codigo_tiss == "2904"
    assert RecursoGlosa.objects.count() == 1


def test_recurso_de_outro_prestador_nao_encontra_o_protocolo(liberado, outro_prestador):
    glosa = Glosa.objects.filter(protocolo=liberado).first()
    with pytest.raises(NaoEncontrado):
        services.recorrer(operadora_id=liberado.operadora_id, prestador_id=outro_prestador.pk,
                          protocolo_id=liberado.pk, itens=[ItemPedido(glosa.pk, glosa.valor, "")],
                          justificativa="Tentativa de recorrer do protocolo alheio.")
    assert not RecursoGlosa.objects.exists()


def test_recurso_antes_da_liberacao_e_recusado(protocolo_factory, beneficiario, preco_consulta):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="150.00")]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    glosa = Glosa.objects.get(protocolo=protocolo)
    with pytest.raises(ErroDeNegocio, match="não teve a análise liberada"):
        _recorrer(protocolo, glosa)


def test_xml_de_recebimento_e_de_resposta_validos(liberado, usuario_retaguarda):
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    recurso = _recorrer(liberado, glosa)
    recebimento = demonstrativos.xml(demonstrativos.recebimento_recurso(recurso), sequencial=recurso.numero)
    assert validar(recebimento, PoliticaTiss(), registro_schemas()).valido
    services.responder_recurso(recurso_id=recurso.pk, usuario=usuario_retaguarda,
                               decisoes={recurso.itens.get().pk: DecisaoItem("acatado", Decimal("0"))})
    recurso.refresh_from_db()
    resposta = demonstrativos.xml(demonstrativos.resposta_recurso(recurso), sequencial=recurso.numero)
    relatorio = validar(resposta, PoliticaTiss(), registro_schemas())
    assert relatorio.valido, relatorio.erros
    assert relatorio.mensagem.conteudo.valor_total_acatado == Decimal("30.00")


def test_recurso_por_xml_recurso_glosa(liberado):
    # given a RECURSO_GLOSA built with the TISS engine from the provider's side
    from operadora.tiss import builders
    from operadora.tiss import requests as pedidos
    from operadora.tiss.guias import Contratado, PrestadorIdentificacao

    glosa = Glosa.objects.select_related("guia", "item").get(protocolo=liberado, codigo_glosa="1705")
    conteudo = pedidos.RecursoGlosa(
        registro_ans=liberado.operadora.registro_ans, numero_guia_rec_glosa_prestador="RG1",
        nome_operadora=liberado.operadora.razao_social, objeto_recurso="2",
        contratado=Contratado(codigo_prestador_na_operadora="100001"), numero_lote=liberado.lote.numero,
        numero_protocolo=liberado.numero, guias=(pedidos.GuiaRecursada(
            numero_guia_origem=glosa.guia.numero_guia_prestador, itens=(pedidos.ItemRecursado(
                sequencial_item=glosa.item.sequencial, data_inicio=glosa.item.data_execucao, codigo_tabela="22",
                codigo_procedimento=glosa.item.codigo, descricao_procedimento="Consulta", cod_glosa_item="1705",
                valor_recursado=Decimal("30.00"), justificativa_item="Valor conforme aditivo contratual."),)),),
        valor_total_recursado=Decimal("30.00"), data_recurso=datetime.date(2025, 6, 5))
    dados = builders.construir_mensagem(conteudo, versao="4.03.00", sequencial_transacao="77",
                                        registro_ans=liberado.operadora.registro_ans,
                                        prestador=PrestadorIdentificacao(codigo_prestador_na_operadora="100001"))
    # when uploaded / then one appeal of that glosa, from XML, with the provider's number
    recurso = services.receber_recurso_xml(operadora=liberado.operadora, prestador=liberado.prestador, dados=dados)
    assert (recurso.origem, recurso.numero_prestador, recurso.valor_recursado) == ("xml", "RG1", Decimal("30.00"))
    assert ItemRecurso.objects.get(recurso=recurso).glosa == glosa


def test_recurso_xml_invalido_da_mensagem_clara(liberado):
    with pytest.raises(ErroDeNegocio, match="Arquivo inválido"):
        services.receber_recurso_xml(operadora=liberado.operadora, prestador=liberado.prestador, dados=b"<x/>")


# --- payment -------------------------------------------------------------------------------------------------


def test_faturar_pagar_e_credito_do_recurso_no_demonstrativo(liberado, usuario_retaguarda):
    # given an appeal accepted (R$ 30) before the protocol is invoiced
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    recurso = _recorrer(liberado, glosa)
    services.responder_recurso(recurso_id=recurso.pk, usuario=usuario_retaguarda,
                               decisoes={recurso.itens.get().pk: DecisaoItem("acatado", Decimal("0"))})
    # when invoiced for 20/06 and paid
    pagamento = services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda,
                                 data_pagamento=datetime.date(2025, 6, 20))
    liberado.refresh_from_db()
    assert (liberado.situacao, liberado.data_pagamento_prevista) == ("faturado", datetime.date(2025, 6, 20))
    pagamento.refresh_from_db()
    # then liberado 140 + credit 30; PJ withholdings: IRRF 1,5% of 170 = 2,55 (≤ R$ 10: not withheld),
    # CSRF 4,65% = 7,91 (not withheld)
    assert (pagamento.valor_liberado, pagamento.total_creditos, pagamento.total_debitos, pagamento.valor_liquido) == (
        Decimal("140.00"), Decimal("30.00"), Decimal("0.00"), Decimal("170.00"))
    d = demonstrativos.pagamento(operadora=liberado.operadora, prestador=liberado.prestador, pagamentos=[pagamento],
                                 numero=pagamento.numero)
    relatorio = validar(demonstrativos.xml(d), PoliticaTiss(), registro_schemas())
    assert relatorio.valido, relatorio.erros
    assert [c.valor_db_cr for c in d.conteudo.debitos_creditos] == [Decimal("30.00")]
    assert pdf.pagamento(d).startswith(b"%PDF")
    services.executar_pagamentos(operadora=liberado.operadora, data_pagamento=datetime.date(2025, 6, 20),
                                 usuario=usuario_retaguarda)
    liberado.refresh_from_db()
    pagamento.refresh_from_db()
    assert (liberado.situacao, pagamento.situacao) == ("pago", Pagamento.Situacao.PAGO)


def _calendario_junho_e_julho(operadora) -> None:
    """NF calendar: 06/2025 due 10/06, paid 20/06; 07/2025 due 10/07, paid 20/07 (a late June NF moves to 20/07)."""
    from operadora.billing import services as faturamento

    for mes in (6, 7):
        faturamento.definir_calendario_nf(operadora=operadora, competencia=datetime.date(2025, mes, 1),
                                          data_limite_envio=datetime.date(2025, mes, 10),
                                          data_pagamento=datetime.date(2025, mes, 20))


def test_nf_fora_do_prazo_leva_o_protocolo_faturado_para_o_pagamento_da_nova_data(liberado, usuario_retaguarda):
    """A late NF for a protocol already invoiced moves its payment date (billing) — and the protocol with it, out of
    the payment of the old date (it stayed there: the portal showed the new date, the run paid on the old one)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from operadora.billing.models import Protocolo

    competencia = datetime.date(2025, 6, 1)
    Protocolo.objects.filter(pk=liberado.pk).update(competencia=competencia)
    antigo = services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda,
                              data_pagamento=datetime.date(2025, 6, 20))
    hoje = datetime.date(2025, 6, 12)
    _calendario_junho_e_julho(liberado.operadora)
    services.enviar_nota_fiscal(operadora=liberado.operadora, prestador=liberado.prestador,
                                arquivo=SimpleUploadedFile("nf.pdf", b"%PDF-1.4"), numero="NF-9",
                                data_emissao=hoje, valor=Decimal("140.00"), protocolo=liberado,
                                usuario=usuario_retaguarda, hoje=hoje)
    liberado.refresh_from_db()
    assert liberado.data_pagamento_prevista == datetime.date(2025, 7, 20)
    novo = Pagamento.objects.get(protocolos__protocolo=liberado)
    assert (novo.data_pagamento, novo.valor_liberado) == (datetime.date(2025, 7, 20), Decimal("140.00"))
    assert not Pagamento.objects.filter(pk=antigo.pk).exists()  # nothing else was to be paid on 20/06
    # the run of the old date pays nothing; the protocol waits for its new date
    assert services.executar_pagamentos(operadora=liberado.operadora, data_pagamento=datetime.date(2025, 6, 20),
                                        usuario=usuario_retaguarda, hoje=datetime.date(2025, 6, 20)) == []
    liberado.refresh_from_db()
    assert liberado.situacao == "faturado"


def test_nf_fora_do_prazo_manda_os_ajustes_do_pagamento_esvaziado_ao_proximo_pagamento(
        liberado, protocolo_factory, beneficiario, usuario_retaguarda):
    """The payment left empty by the move had an adjustment: it goes to the provider's next payment (25/06), not to
    the protocol's new date a month later."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from operadora.billing.models import Protocolo

    competencia = datetime.date(2025, 6, 1)
    Protocolo.objects.filter(pk=liberado.pk).update(competencia=competencia)
    services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda, data_pagamento=datetime.date(2025, 6, 20))
    outro = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]}])
    Protocolo.objects.filter(pk=outro.pk).update(situacao="liberado_faturamento", valor_liberado=Decimal("100.00"))
    services.faturar(protocolo_id=outro.pk, usuario=usuario_retaguarda, data_pagamento=datetime.date(2025, 6, 25))
    ajuste = services.registrar_ajuste(operadora=liberado.operadora, prestador=liberado.prestador, indicador="1",
                                       valor=Decimal("50.00"), descricao="Ajuste contratual", usuario=usuario_retaguarda)
    ajuste.refresh_from_db()
    assert ajuste.pagamento.data_pagamento == datetime.date(2025, 6, 20)
    _calendario_junho_e_julho(liberado.operadora)
    services.enviar_nota_fiscal(operadora=liberado.operadora, prestador=liberado.prestador,
                                arquivo=SimpleUploadedFile("nf.pdf", b"%PDF-1.4"), numero="NF-10",
                                data_emissao=datetime.date(2025, 6, 12), valor=Decimal("140.00"), protocolo=liberado,
                                usuario=usuario_retaguarda, hoje=datetime.date(2025, 6, 12))
    ajuste.refresh_from_db()
    assert ajuste.pagamento.data_pagamento == datetime.date(2025, 6, 25)


def test_nf_no_prazo_nao_muda_a_data_que_a_operadora_deu_ao_faturar(liberado, usuario_retaguarda):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from operadora.billing import services as faturamento
    from operadora.billing.models import Protocolo

    competencia = datetime.date(2025, 6, 1)
    Protocolo.objects.filter(pk=liberado.pk).update(competencia=competencia)
    services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda, data_pagamento=datetime.date(2025, 6, 27))
    faturamento.definir_calendario_nf(operadora=liberado.operadora, competencia=competencia,
                                      data_limite_envio=datetime.date(2025, 6, 15),
                                      data_pagamento=datetime.date(2025, 6, 20))
    nota = services.enviar_nota_fiscal(operadora=liberado.operadora, prestador=liberado.prestador,
                                       arquivo=SimpleUploadedFile("nf.pdf", b"%PDF-1.4"), numero="NF-11",
                                       data_emissao=datetime.date(2025, 6, 12), valor=Decimal("140.00"),
                                       protocolo=liberado, usuario=usuario_retaguarda, hoje=datetime.date(2025, 6, 12))
    liberado.refresh_from_db()
    assert nota.no_prazo and liberado.data_pagamento_prevista == datetime.date(2025, 6, 27)
    assert Pagamento.objects.get(protocolos__protocolo=liberado).data_pagamento == datetime.date(2025, 6, 27)

def _calendario_de_junho_e_julho(operadora):
    from operadora.billing import services as faturamento

    faturamento.definir_calendario_nf(operadora=operadora, competencia=datetime.date(2025, 6, 1),
                                      data_limite_envio=datetime.date(2025, 6, 10),
                                      data_pagamento=datetime.date(2025, 6, 20))
    faturamento.definir_calendario_nf(operadora=operadora, competencia=datetime.date(2025, 7, 1),
                                      data_limite_envio=datetime.date(2025, 7, 10),
                                      data_pagamento=datetime.date(2025, 7, 20))


def _nf(de, numero, hoje, **para):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return services.enviar_nota_fiscal(operadora=de.operadora, prestador=de.prestador,
                                       arquivo=SimpleUploadedFile("nf.pdf", b"%PDF-1.4"), numero=numero,
                                       data_emissao=hoje, valor=Decimal("140.00"), hoje=hoje, **para)


def test_nf_da_competencia_fora_do_prazo_leva_os_protocolos_dela_para_a_nova_data(
        liberado, protocolo_factory, beneficiario, usuario_retaguarda):
    """Seed 002: NFs follow the delivery calendar, "as notas enviadas fora do prazo terão pagamento reagendados". An
    NF sent for a competência (the month's invoice, not tied to one protocol) that is late moves the payment of
    that competência's protocols like a late NF of a protocol moves its protocol's — those already Faturado leave
    the payment of the old date — except a protocol with an NF of its own, which keeps the date its NF earned."""
    competencia = datetime.date(2025, 6, 1)
    _calendario_de_junho_e_julho(liberado.operadora)
    # given two protocols of 06/2025 invoiced for the calendar's 20/06, one of them with its own NF sent in time
    com_nf = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="100.00")]}],
                               recebido_em=datetime.date(2025, 6, 5))
    services.analisar_protocolo(protocolo_id=com_nf.pk)
    services.liberar_protocolo(protocolo_id=com_nf.pk, usuario=usuario_retaguarda)
    Protocolo.objects.filter(pk__in=[liberado.pk, com_nf.pk]).update(competencia=competencia)
    _nf(com_nf, "NF-P", datetime.date(2025, 6, 9), protocolo=com_nf)
    antigo = services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda)
    assert services.faturar(protocolo_id=com_nf.pk, usuario=usuario_retaguarda) == antigo
    assert antigo.data_pagamento == datetime.date(2025, 6, 20)
    # when the month's NF is sent on 12/06, after the limit of 10/06
    nota = _nf(liberado, "NF-MES", datetime.date(2025, 6, 12), competencia=competencia, usuario=usuario_retaguarda)
    # then the protocol it covers is paid on the next calendar date, in the payment of that date, with the reason
    assert (nota.no_prazo, nota.data_pagamento_prevista) == (False, datetime.date(2025, 7, 20))
    liberado.refresh_from_db()
    com_nf.refresh_from_db()
    assert liberado.data_pagamento_prevista == datetime.date(2025, 7, 20)
    assert "após o prazo de 10/06/2025" in liberado.motivo_data_pagamento
    assert Pagamento.objects.get(protocolos__protocolo=liberado).data_pagamento == datetime.date(2025, 7, 20)
    # and the protocol with its own NF stays on 20/06, alone in the old payment
    assert com_nf.data_pagamento_prevista == datetime.date(2025, 6, 20)
    assert list(Pagamento.objects.get(pk=antigo.pk).protocolos.values_list("protocolo_id", flat=True)) == [com_nf.pk]


def test_protocolo_faturado_depois_da_nf_da_competencia_fora_do_prazo_ja_nasce_na_nova_data(
        liberado, usuario_retaguarda):
    """The same rule when the month's late NF arrives before the protocol is invoiced (one rule:
    billing.services.data_pagamento_do_protocolo): the payment date is the one the NF earned, not the calendar's."""
    competencia = datetime.date(2025, 6, 1)
    _calendario_de_junho_e_julho(liberado.operadora)
    Protocolo.objects.filter(pk=liberado.pk).update(competencia=competencia)
    _nf(liberado, "NF-MES", datetime.date(2025, 6, 12), competencia=competencia)
    pagamento = services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda)
    liberado.refresh_from_db()
    assert (pagamento.data_pagamento, liberado.data_pagamento_prevista) == ((datetime.date(2025, 7, 20),) * 2)
    assert "após o prazo de 10/06/2025" in liberado.motivo_data_pagamento


def test_pagamento_do_protocolo_so_no_contexto_do_proprio_prestador(liberado, usuario_retaguarda, usuario_prestador,
                                                                    outro_prestador, usuario_outro_prestador,
                                                                    outra_operadora):
    # given the provider's context, another provider's, and the same provider at another operadora
    credenciamento = Credenciamento.objects.get(prestador=liberado.prestador, operadora=liberado.operadora)
    proprio = ContextoPortal(usuario_prestador, liberado.prestador, liberado.operadora, credenciamento)
    de_outro = ContextoPortal(usuario_outro_prestador, outro_prestador, liberado.operadora,
                              Credenciamento.objects.get(prestador=outro_prestador, operadora=liberado.operadora))
    em_outra_operadora = ContextoPortal(usuario_prestador, liberado.prestador, outra_operadora, credenciamento)
    # before faturado the protocol is in no payment
    assert selectors.pagamento_do_protocolo(proprio, liberado) is None
    # when faturado, then only its own provider at its operadora finds the payment
    pagamento = services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda,
                                 data_pagamento=datetime.date(2025, 6, 20))
    # another provider's payment on the same date does not make the protocol its own
    Pagamento.objects.create(operadora=liberado.operadora, prestador=outro_prestador, numero="P-OUTRO",
                             data_pagamento=pagamento.data_pagamento, competencia=pagamento.competencia)
    assert selectors.pagamento_do_protocolo(proprio, liberado) == pagamento
    assert selectors.pagamento_do_protocolo(de_outro, liberado) is None
    assert selectors.pagamento_do_protocolo(em_outra_operadora, liberado) is None


def test_retencoes_por_tipo_de_prestador(operadora):
    parametros = services.parametros_de_pagamento(operadora)
    pj = dict(services.retencoes(base=Decimal("10000.00"), tipo_pessoa="J", parametros=parametros))
    assert pj == {"irrf": Decimal("150.00"), "csrf": Decimal("465.00")}
    pf = dict(services.retencoes(base=Decimal("10000.00"), tipo_pessoa="F", parametros=parametros))
    assert pf == {"irrf": Decimal("1841.27")}  # 27,5% − 908,73
    assert services.retencoes(base=Decimal("2000.00"), tipo_pessoa="F", parametros=parametros) == []


def test_ajuste_entra_no_proximo_pagamento_e_informe_de_rendimentos(liberado, usuario_retaguarda):
    pagamento = services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda,
                                 data_pagamento=datetime.date(2025, 6, 20))
    services.registrar_ajuste(operadora=liberado.operadora, prestador=liberado.prestador, indicador="1",
                              valor=Decimal("15.00"), descricao="Devolução de taxa", usuario=usuario_retaguarda)
    pagamento.refresh_from_db()
    assert (pagamento.total_debitos, pagamento.valor_liquido) == (Decimal("15.00"), Decimal("125.00"))
    services.executar_pagamentos(operadora=liberado.operadora, data_pagamento=datetime.date(2025, 6, 20),
                                 usuario=usuario_retaguarda)
    informe = selectors.informe_rendimentos(operadora=liberado.operadora, prestador=liberado.prestador, ano=2025)
    assert informe.meses[5].bruto == Decimal("140.00") and informe.total.liquido == Decimal("125.00")
    assert pdf.informe_rendimentos(informe).startswith(b"%PDF")
    # and a second run of the same date changes nothing
    assert services.executar_pagamentos(operadora=liberado.operadora, data_pagamento=datetime.date(2025, 6, 20),
                                        usuario=usuario_retaguarda) == []


def test_sem_calendario_usa_dias_uteis_configurados(liberado, usuario_retaguarda):
    pagamento = services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda)
    assert pagamento.data_pagamento > timezone.localdate()


def test_variante_odontologica_xml_valido_e_pdf_com_dente(protocolo_factory, beneficiario, operadora, plano,
                                                         usuario_retaguarda):
    # given an odontological protocol (the plan lacks the segmentação: 1025) with tooth and face
    from operadora.registry.models import GrupoProcedimento

    GrupoProcedimento.objects.create(operadora=operadora, codigo="odonto", nome="Odontologia",
                                     segmentacao="odontologica", prefixos_tuss=["8"])
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "executante_conselho": "08",
                                    "executante_cbo": "223208",
                                    "itens": [item("81000065", dente="11", face="O")]}], tipo_guia="5")
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    services.liberar_protocolo(protocolo_id=protocolo.pk, usuario=usuario_retaguarda)
    pagamento = services.faturar(protocolo_id=protocolo.pk, usuario=usuario_retaguarda,
                                 data_pagamento=datetime.date(2025, 6, 20))
    d = demonstrativos.pagamento_ou_odontologia(operadora=operadora, prestador=protocolo.prestador,
                                                pagamentos=[pagamento], numero=pagamento.numero)
    relatorio = validar(demonstrativos.xml(d), PoliticaTiss(), registro_schemas())
    assert relatorio.valido, relatorio.erros
    assert relatorio.transacao == "DEMONSTRATIVO_ODONTOLOGIA"
    item_pago = d.conteudo.pagamentos[0].protocolos[0].guias[0].itens[0]
    assert (item_pago.cod_dente, item_pago.codigos_glosa) == ("11", ("1025",))
    analise = demonstrativos.analise_conta(operadora=operadora, prestador=protocolo.prestador,
                                           protocolos=[Protocolo.objects.get(pk=protocolo.pk)], numero="1")
    assert analise.dentes == {(protocolo.guias.get().numero_guia_prestador, 1): "dente 11, face O"}
    assert pdf.analise_conta(analise).startswith(b"%PDF")


def test_faturar_para_antes_do_recebimento_e_recusado_e_nada_muda(liberado, usuario_retaguarda):
    # given a protocol received on 02/06/2025; when it is billed for a payment the day before
    with pytest.raises(ErroDeNegocio) as erro:
        services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda,
                         data_pagamento=datetime.date(2025, 6, 1))
    # then it is refused (it was billed with a payment before the account existed) and nothing changed
    assert "anterior ao recebimento do protocolo (02/06/2025)" in erro.value.mensagem
    liberado.refresh_from_db()
    assert liberado.situacao == "liberado_faturamento" and liberado.data_pagamento_prevista is None
    assert not Pagamento.objects.exists()


def test_pagamento_de_data_futura_nao_se_registra_como_pago(liberado, usuario_retaguarda, cliente_retaguarda):
    """'Registrar pagamento de 25/12/2026' worked on 23/11/2026: the portal then showed the protocol 'Pago' while
    saying the payment was foreseen for 25/12. A payment run is registered on or after its date."""
    hoje = timezone.localdate()
    futura = hoje + datetime.timedelta(days=30)
    pagamento = services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda, data_pagamento=futura)
    # the page offers no button for a date still to come
    pagina = cliente_retaguarda.get(f"/operadora/pagamentos/?operadora={liberado.operadora_id}").content.decode()
    assert f"Registrar pagamento de {futura:%d/%m/%Y}" not in pagina
    assert f"a partir de {futura:%d/%m/%Y}" in pagina
    # and the service refuses it, changing nothing
    with pytest.raises(ErroDeNegocio, match="ainda não chegou"):
        services.executar_pagamentos(operadora=liberado.operadora, data_pagamento=futura, usuario=usuario_retaguarda)
    pagamento.refresh_from_db()
    liberado.refresh_from_db()
    assert (pagamento.situacao, liberado.situacao) == (Pagamento.Situacao.PREVISTO, "faturado")
    # on the day, it is registered
    services.executar_pagamentos(operadora=liberado.operadora, data_pagamento=futura, usuario=usuario_retaguarda,
                                 hoje=futura)
    pagamento.refresh_from_db()
    assert pagamento.situacao == Pagamento.Situacao.PAGO


def _consultas_da_execucao(protocolo_factory, beneficiario, usuario_retaguarda, quantos: int,
                           data: datetime.date) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from operadora.billing.models import HistoricoProtocolo, Protocolo

    for _ in range(quantos):
        p = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]}])
        Protocolo.objects.filter(pk=p.pk).update(situacao="liberado_faturamento", valor_liberado=Decimal("1000.00"))
        services.faturar(protocolo_id=p.pk, usuario=usuario_retaguarda, data_pagamento=data)
    with CaptureQueriesContext(connection) as consultas:
        [pagamento] = services.executar_pagamentos(operadora=p.operadora, data_pagamento=data,
                                                   usuario=usuario_retaguarda, hoje=data)
    pagos = Protocolo.objects.filter(pagamento_claims__pagamento=pagamento)
    assert pagos.count() == quantos and set(pagos.values_list("situacao", "data_pagamento")) == {("pago", data)}
    assert HistoricoProtocolo.objects.filter(protocolo__in=pagos, situacao="pago").count() == quantos
    return len(consultas)


def test_execucao_de_pagamentos_nao_faz_consultas_por_protocolo(protocolo_factory, beneficiario, usuario_retaguarda):
    """The run of a date pays its protocols set-based (it was ~7 queries per protocol: lock, update, history,
    audit one by one); each still gets its timeline entry and audit event."""
    dois = _consultas_da_execucao(protocolo_factory, beneficiario, usuario_retaguarda, 2, datetime.date(2025, 6, 20))
    doze = _consultas_da_execucao(protocolo_factory, beneficiario, usuario_retaguarda, 12, datetime.date(2025, 7, 20))
    assert doze == dois


def test_informe_de_rendimentos_fecha_a_conta_de_cada_mes_com_os_outros_debitos(liberado, usuario_retaguarda):
    # given a payment of June with R$ 140,00 released and an adjustment debit of R$ 15,00 (not a withholding)
    services.faturar(protocolo_id=liberado.pk, usuario=usuario_retaguarda, data_pagamento=datetime.date(2025, 6, 20))
    services.registrar_ajuste(operadora=liberado.operadora, prestador=liberado.prestador, indicador="1",
                              valor=Decimal("15.00"), descricao="Taxa de emissão de boleto", usuario=usuario_retaguarda)
    services.executar_pagamentos(operadora=liberado.operadora, data_pagamento=datetime.date(2025, 6, 20),
                                 usuario=usuario_retaguarda)
    # when the income-tax statement of 2025 is read
    informe = selectors.informe_rendimentos(operadora=liberado.operadora, prestador=liberado.prestador, ano=2025)
    junho = informe.meses[5]
    # then the month's row adds up: gross − withholdings + other debits/credits = net (the R$ 15,00 left the net
    # with no column saying so: 140,00 − 0,00 = 125,00)
    assert (junho.bruto, junho.outros, junho.liquido) == (Decimal("140.00"), Decimal("-15.00"), Decimal("125.00"))
    for linha in [*informe.meses, informe.total]:
        assert linha.bruto - linha.irrf - linha.csrf - linha.iss + linha.outros == linha.liquido
    texto = texto_do_pdf(pdf.informe_rendimentos(informe))
    assert b"(Outros d\\351bitos/cr\\351ditos) Tj" in texto and b"(-15,00) Tj" in texto
