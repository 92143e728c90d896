"""What the seeds show a provider's billing clerk (seeds 003 and 004), checked on our pages: each test names the seed
passage it follows."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from operadora.accounts.permissoes import PermissaoPortal
from operadora.authorizations.models import Atendimento
from operadora.billing import services
from operadora.billing.models import (
    AnexoGuia,
    DocumentoAnexo,
    FaturamentoAutomatico,
    Guia,
    ItemGuia,
    Lote,
    Protocolo,
)
from operadora.billing.tests.fabricas import criar_atendimentos_confirmados, nova_guia
from operadora.claims import services as claims_services
from operadora.core.testing import texto_do_pdf

BASE = "/portal/faturamento"


def _mensagens(resposta) -> list[str]:
    return [str(m) for m in get_messages(resposta.wsgi_request)]


# --- seed 003: a lote of the automatic billing is conferred, sent and cancelled from its conference ---------


@pytest.mark.django_db
@pytest.mark.parametrize("acao", ["fechar", "enviar", "reabrir", "cancelar", "remover", "adicionar"])
def test_lote_do_faturamento_nao_se_mexe_pela_pagina_do_lote(
    cliente_portal, operadora, prestador, faturamento, acao
):
    """Seed 003 §5–7: the items are confirmed one by one and *Enviar* removes the unconfirmed ones ("Existem itens
    não conferidos! Estes itens serão removidos do lote"); cancelling is done on the generation. The lote page
    closed and sent the generated lote as it stood (unconferred items billed) and cancelled it alone (its
    atendimentos stayed tied to it)."""
    lote = faturamento.lotes.get()
    guia = Guia.objects.get(lote=lote)
    digitada = Guia.objects.create(
        operadora=operadora, prestador=prestador, tipo="2", situacao=Guia.Situacao.DIGITADA,
        numero_guia_prestador="DIG-9", carteira="35900010000",
    )  # fmt: skip
    dados = {"guias": [digitada.pk]} if acao == "adicionar" else {"guia": guia.pk}
    antes = (lote.situacao, lote.quantidade_guias, lote.valor_informado)

    resposta = cliente_portal.post(f"{BASE}/lotes/{lote.pk}/{acao}/", dados, follow=True)

    assert resposta.status_code == 200
    assert any("conferência do faturamento" in m for m in _mensagens(resposta))
    lote.refresh_from_db()
    assert (lote.situacao, lote.quantidade_guias, lote.valor_informado) == antes
    assert not Protocolo.objects.exists()
    assert Guia.objects.get(pk=guia.pk).situacao == Guia.Situacao.EM_LOTE
    assert Guia.objects.get(pk=digitada.pk).lote_id is None
    assert set(ItemGuia.objects.values_list("conferencia", flat=True)) == {ItemGuia.Conferencia.NAO_CONFERIDO}
    assert set(Atendimento.objects.values_list("lote_faturamento_id", flat=True)) == {lote.pk}
    assert FaturamentoAutomatico.objects.get(pk=faturamento.pk).situacao == "aguardando_envio"


@pytest.mark.django_db
def test_pagina_do_lote_do_faturamento_leva_a_conferencia(cliente_portal, faturamento):
    lote = faturamento.lotes.get()

    pagina = cliente_portal.get(f"{BASE}/lotes/{lote.pk}/").content.decode()

    assert f'href="{BASE}/automatico/{faturamento.pk}/"' in pagina
    for acao in ("fechar", "enviar", "cancelar", "remover", "adicionar"):
        assert f"{BASE}/lotes/{lote.pk}/{acao}/" not in pagina


@pytest.mark.django_db
def test_conferencia_continua_enviando_e_cancelando_o_lote(faturamento):
    services.conferir_itens(faturamento_id=faturamento.pk, estado="conferido", usuario=None)
    services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=None)
    lote = Lote.objects.get(faturamento=faturamento)
    assert lote.situacao == Lote.Situacao.ENVIADO and lote.protocolo.situacao == Protocolo.Situacao.RECEBIDO

    services.cancelar_faturamento(faturamento_id=faturamento.pk, usuario=None)

    lote.refresh_from_db()
    assert lote.situacao == Lote.Situacao.CANCELADO
    assert Protocolo.objects.get(lote=lote).situacao == Protocolo.Situacao.CANCELADO
    assert not Atendimento.objects.filter(lote_faturamento_id__isnull=False).exists()


# --- seed 004 §2.1, Etapa 6 (Resumo): what the summary shows --------------------------------------------------


def _guia_digitada(operadora, prestador, beneficiario, hoje, **campos):
    return Guia.objects.create(
        operadora=operadora, prestador=prestador, situacao=Guia.Situacao.DIGITADA, numero_guia_prestador="R1",
        carteira=beneficiario.carteira, beneficiario=beneficiario, nome_beneficiario=beneficiario.nome,
        data_atendimento=hoje, **campos,
    )  # fmt: skip


def _resumo(cliente, guia) -> str:
    resposta = cliente.get(f"{BASE}/guias/{guia.pk}/passo/6/")
    assert resposta.status_code == 200
    return resposta.content.decode()


@pytest.mark.django_db
def test_resumo_mostra_conselho_e_uf_pela_sigla(cliente_portal, operadora, prestador, beneficiario, hoje):
    """Seed 004: "Conselho Profissional: CRO 24654/RJ". We showed the TISS codes: "Conselho 08 24654/33"."""
    profissional = {"conselho": "08", "numero": "24654", "uf": "33", "cbo": "223208"}
    guia = _guia_digitada(
        operadora, prestador, beneficiario, hoje, tipo="5",
        **{f"{papel}_{campo}": valor for papel in ("solicitante", "executante") for campo, valor in profissional.items()},
    )  # fmt: skip

    pagina = _resumo(cliente_portal, guia)

    assert pagina.count("Conselho profissional: CRO 24654/RJ") == 2
    assert "08 24654/33" not in pagina


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("codigo", "termo"), [("4", "Total"), ("1", "Parcial"), ("2", "Final"), ("3", "Complementar")]
)
def test_resumo_diz_o_tipo_de_faturamento(cliente_portal, operadora, prestador, beneficiario, hoje, codigo, termo):
    """Seed 004: "Tipo de Faturamento: Total". Any code other than 4 read "Parcial" (Final and Complementar too)."""
    guia = _guia_digitada(operadora, prestador, beneficiario, hoje, tipo="5", tipo_faturamento=codigo)

    assert f'<span id="tipo-faturamento">{termo}</span>' in _resumo(cliente_portal, guia)


@pytest.mark.django_db
def test_resumo_odontologico_tem_o_plano_de_tratamento(cliente_portal, operadora, prestador, beneficiario, hoje):
    """Seed 004 Resumo: "Plano de Tratamento — Tipo de Atendimento: Tratamento Odontológico, Término do
    Tratamento". Neither was shown."""
    guia = _guia_digitada(
        operadora, prestador, beneficiario, hoje, tipo="5", tipo_atendimento="3",
        data_fim=datetime.date(2026, 4, 17),
    )  # fmt: skip

    pagina = _resumo(cliente_portal, guia)

    assert "<h2>Plano de tratamento</h2>" in pagina
    assert "Tipo de atendimento: Ortodontia · Término do tratamento: 17/04/2026" in pagina


@pytest.mark.django_db
def test_resumo_da_consulta_diz_tipo_de_consulta_regime_e_acidente(
    cliente_portal, operadora, prestador, beneficiario, hoje
):
    """The Consulta's summary left out its attendance data (tipo de consulta, regime, indicação de acidente), which
    the clerk types in step 3 and the guide carries in TISS."""
    guia = _guia_digitada(
        operadora, prestador, beneficiario, hoje, tipo="1", tipo_consulta="2", regime_atendimento="01",
        indicacao_acidente="9",
    )  # fmt: skip

    pagina = _resumo(cliente_portal, guia)

    assert "Tipo de consulta: Retorno · Regime de atendimento: Ambulatorial · Indicação de acidente: Não acidente" in pagina


@pytest.mark.django_db
def test_resumo_de_internacao_diz_os_termos_e_nao_os_codigos(
    cliente_portal, operadora, prestador, beneficiario, hoje
):
    guia = _guia_digitada(
        operadora, prestador, beneficiario, hoje, tipo="3", tipo_faturamento="2", tipo_internacao="2",
        regime_internacao="1",
    )  # fmt: skip

    pagina = _resumo(cliente_portal, guia)

    assert "Tipo de faturamento: Final · Tipo de internação: Cirúrgica · Regime: Hospitalar" in pagina


# --- seed 004 §3 (lote "GUIAS": Beneficiário) and seed 003 ("(002265-9) Nome do beneficiário") ------------------


@pytest.mark.django_db
def test_guias_recebidas_por_xml_mostram_o_nome_do_beneficiario(
    cliente_portal, operadora, prestador, beneficiario, arquivo_lote
):
    """A TISS 4 guide carries the carteira, not the name: the pages showed "000000000001" where the register has
    the beneficiary's name."""
    beneficiario.carteira = "000000000001"  # the carteira of the sample guides
    beneficiario.save(update_fields=["carteira"])
    resultado = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(numero_lote="77"), origem="xml"
    )
    protocolo = resultado.protocolo
    assert resultado.aceito and protocolo is not None
    assert Guia.objects.get(lote=protocolo.lote).beneficiario_id == beneficiario.pk

    for url in (f"{BASE}/lotes/{protocolo.lote_id}/", f"{BASE}/protocolos/{protocolo.pk}/", f"{BASE}/guias/"):
        pagina = cliente_portal.get(url).content.decode()
        assert "<td>Maria da Silva</td>" in pagina, url
    guia = Guia.objects.get(lote=protocolo.lote)
    assert "<p>Maria da Silva — carteira 000000000001" in _resumo(cliente_portal, guia)
    AnexoGuia.objects.create(guia=guia, tipo=AnexoGuia.Tipo.OPME, dados={})
    assert "<td>Maria da Silva</td>" in cliente_portal.get(f"{BASE}/documentos/").content.decode()


# --- seed 004 §3 Passo 6: the capa do lote ----------------------------------------------------------------------


@pytest.mark.django_db
def test_capa_do_lote_traz_o_codigo_do_prestador_na_operadora(cliente_portal, operadora, prestador, arquivo_lote):
    """Seed 004's capa: "Prestador: ODONTO ARTE LTDA - CNPJ 07.906.129/0001-02 / Código: 07906129000102". The
    código na operadora was missing."""
    resultado = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(numero_lote="78"), origem="xml"
    )
    protocolo = resultado.protocolo
    assert protocolo is not None

    resposta = cliente_portal.get(f"{BASE}/lotes/{protocolo.lote_id}/capa.pdf")

    texto = texto_do_pdf(resposta.content)
    assert f"(Protocolo \\(PEG\\): {protocolo.numero})".encode() in texto
    assert f"digo: {prestador.credenciamentos.get(operadora=operadora).codigo_na_operadora})".encode() in texto


# --- formats: dates dd/mm/aaaa and decimals with a comma, also in the clinical annexes --------------------------


@pytest.mark.django_db
def test_anexos_clinicos_mostram_datas_e_decimais_no_formato_brasileiro(
    cliente_portal, operadora, prestador, beneficiario, hoje
):
    """The annexes keep what was typed as JSON text ("2026-11-10", "70.50"): the summary showed it as stored."""
    guia = _guia_digitada(operadora, prestador, beneficiario, hoje, tipo="2")
    comum = {"cid_principal": "C50", "data_diagnostico": "2026-11-10", "estadiamento": "2", "finalidade": "1"}
    AnexoGuia.objects.create(
        guia=guia, tipo=AnexoGuia.Tipo.QUIMIOTERAPIA,
        dados=comum | {
            "peso": "70.50", "altura": "165.00", "superficie_corporal": "1.78",
            "itens": [{"droga_data_provavel": "2026-11-12", "droga_codigo": "90000001", "droga_doses": "2.5000"}],
        },
    )  # fmt: skip
    AnexoGuia.objects.create(
        guia=guia, tipo=AnexoGuia.Tipo.RADIOTERAPIA, dados=comum | {"data_prevista_inicio": "2026-11-20"}
    )

    pagina = _resumo(cliente_portal, guia)

    assert pagina.count("(diagnóstico em 10/11/2026)") == 2
    assert "Peso 70,5 kg · Altura 165 cm · Superfície corporal 1,78 m²" in pagina
    assert "<td>12/11/2026</td>" in pagina and "<td>2,5</td>" in pagina
    assert "início previsto 20/11/2026" in pagina
    assert "2026-11-" not in pagina


# --- seed 003 §5: the conference screen -----------------------------------------------------------------------


@pytest.mark.django_db
def test_conferencia_mostra_a_liberacao_e_modifica_todos(cliente_portal, faturamento, hoje):
    """Seed 003 §5: columns "Liberação | Beneficiário | Guia / Guia Prestador | Senha | Procedimento | Realização |
    Valores" and "Modificar todos: ✓ ✗". The release date of the authorization was not shown and only ✓ was
    offered for all."""
    url = f"{BASE}/automatico/{faturamento.pk}/"
    liberacao = (hoje - datetime.timedelta(days=30)).strftime("%d/%m/%Y")  # the authorization's date

    pagina = cliente_portal.get(url).content.decode()

    assert "<th>Liberação</th><th>Beneficiário</th>" in pagina
    assert pagina.count(f"<td>{liberacao}</td>") == 3
    assert "mostrando de 1 a 3 iten(s) do total de 3 registros" in pagina
    assert f'action="{url}remover/"' in pagina.split('id="modificar-todos"')[1].split("</p>")[0]

    cliente_portal.post(f"{url}remover/", {"todos": "1"})

    assert set(ItemGuia.objects.values_list("conferencia", flat=True)) == {ItemGuia.Conferencia.REMOVIDO}


@pytest.mark.django_db
def test_conferencia_pagina_de_100_em_100_nos_dois_sentidos(
    cliente_portal, operadora, prestador, beneficiario, preco_consulta, hoje
):
    criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, [2 + n % 80 for n in range(101)])
    faturamento = services.gerar_faturamento_automatico(
        operadora=operadora, prestador=prestador, usuario=None, data_final=hoje - datetime.timedelta(days=1),
        hoje=hoje,
    )  # fmt: skip
    url = f"{BASE}/automatico/{faturamento.pk}/"

    filtro = "estados=nao_conferido&estados=conferido"  # a repeated parameter: both values go to the next page
    primeira = cliente_portal.get(f"{url}?{filtro}").content.decode()
    segunda = cliente_portal.get(f"{url}?{filtro}&pagina=2").content.decode()

    assert "mostrando de 1 a 100 iten(s) do total de 101 registros" in primeira
    assert "Próxima página" in primeira and "Página anterior" not in primeira
    assert f'href="?{filtro.replace("&", "&amp;")}&amp;pagina=2"' in primeira
    assert "mostrando de 101 a 101 iten(s) do total de 101 registros" in segunda
    assert "Página anterior" in segunda and "Próxima página" not in segunda


@pytest.mark.django_db
def test_lista_de_faturamentos_mostra_o_protocolo_e_o_login(
    cliente_portal, usuario_prestador, operadora, prestador, beneficiario, preco_consulta, hoje
):
    """Seed 003 §2/§4: the list of generations has the columns "… Cód. Fatura | Situação | Valor | Login". Who
    generated it and the protocol (PEG) its lote got were not shown."""
    criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, (12, 10))
    gerado = services.gerar_faturamento_automatico(
        operadora=operadora, prestador=prestador, usuario=usuario_prestador,
        data_final=hoje - datetime.timedelta(days=1), hoje=hoje,
    )  # fmt: skip
    services.conferir_itens(faturamento_id=gerado.pk, estado="conferido", usuario=usuario_prestador)
    services.enviar_faturamento(faturamento_id=gerado.pk, usuario=usuario_prestador)
    protocolo = Protocolo.objects.get(lote__faturamento=gerado)

    pagina = cliente_portal.get(f"{BASE}/automatico/").content.decode()

    assert "<th>Protocolo (PEG)</th>" in pagina and "<th>Login</th>" in pagina
    assert f'<a href="{BASE}/protocolos/{protocolo.pk}/">{protocolo.numero}</a>' in pagina
    assert f"<td>{usuario_prestador.username}</td>" in pagina


# --- lists of 100 a page (lotes, guides) ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lista", ["lotes", "guias"])
def test_listas_nao_oferecem_proxima_pagina_na_ultima(cliente_portal, operadora, prestador, lista):
    """With 101 rows the last page still offered "Próxima página" (to itself) and no way back."""
    if lista == "lotes":
        Lote.objects.bulk_create(
            Lote(operadora=operadora, prestador=prestador, numero=f"P{n}", tipo_guia="1") for n in range(101)
        )
    else:
        Guia.objects.bulk_create(
            Guia(operadora=operadora, prestador=prestador, tipo="1", situacao="digitada",
                 numero_guia_prestador=f"P{n}")
            for n in range(101)
        )  # fmt: skip

    primeira = cliente_portal.get(f"{BASE}/{lista}/").content.decode()
    ultima = cliente_portal.get(f"{BASE}/{lista}/?pagina=2").content.decode()

    assert "Próxima página" in primeira and "Página anterior" not in primeira
    assert "Próxima página" not in ultima and "Página anterior" in ultima


# --- seed 004 §2.1 Etapa 5: "pode ser incluída a situação inicial do beneficiário e outros documentos" --------


@pytest.mark.django_db
def test_passo_5_anexa_documento_a_guia_que_esta_sendo_digitada(cliente_portal, operadora, prestador, beneficiario):
    """The guide being typed is a draft until *Salvar*: the document of step 5 was recorded as failed ("Escolha a
    guia ou o lote.") and the page sent the clerk to 'Documentos anexos', which refuses drafts too."""
    nova_guia(cliente_portal, "2", numero_guia_prestador="A1", beneficiario_busca=beneficiario.carteira)
    rascunho = Guia.objects.get()
    arquivo = SimpleUploadedFile("laudo.pdf", b"%PDF-1.4 laudo", content_type="application/pdf")

    resposta = cliente_portal.post(
        f"{BASE}/guias/{rascunho.pk}/passo/5/",
        {"arquivo": arquivo, "tipo_documento": "Laudo", "acao": "anexar"},
        follow=True,
    )

    documento = DocumentoAnexo.objects.get()
    assert (documento.guia_id, documento.situacao, documento.motivo_falha) == (rascunho.pk, "recebido", "")
    assert "Documento laudo.pdf anexado." in _mensagens(resposta)
    assert "em rascunho, anexe pela tela de documentos anexos" not in resposta.content.decode()


@pytest.mark.django_db
def test_documentos_anexos_pelo_numero_continua_so_para_guias_salvas(operadora, prestador):
    Guia.objects.create(operadora=operadora, prestador=prestador, tipo="1", numero_guia_prestador="RASC-1")

    documento = services.anexar_documento(
        operadora=operadora,
        prestador=prestador,
        arquivo=SimpleUploadedFile("laudo.pdf", b"%PDF-1.4", content_type="application/pdf"),
        numero_guia="RASC-1",
    )

    assert documento.situacao == "falhou"
    assert documento.motivo_falha == "Só se anexam documentos a guias salvas ou enviadas."


@pytest.mark.django_db
def test_documento_do_lote_e_do_passo_5_nao_pedem_o_numero_da_guia(
    cliente_portal, operadora, prestador, beneficiario
):
    """The lote page and step 5 attach to their own lote/guide, yet asked for a "Nº da guia no prestador" they
    ignored; the 'Documentos anexos' page, which names the guide by number, keeps the field."""
    lote = services.criar_lote(operadora=operadora, prestador=prestador, tipo_guia="1", usuario=None)
    nova_guia(cliente_portal, "2", numero_guia_prestador="A1", beneficiario_busca=beneficiario.carteira)
    rascunho = Guia.objects.get()

    for url in (f"{BASE}/lotes/{lote.pk}/", f"{BASE}/guias/{rascunho.pk}/passo/5/"):
        assert 'name="guia"' not in cliente_portal.get(url).content.decode(), url
    assert 'name="guia"' in cliente_portal.get(f"{BASE}/documentos/").content.decode()


# --- seed 004 §5: "Ou através da Pesquisa de Lote, selecionando a opção Gerar Demonstrativo" ------------------


@pytest.mark.django_db
def test_lote_liberado_leva_ao_demonstrativo_de_analise(
    cliente_portal, cliente_representante, operadora, prestador, beneficiario, arquivo_lote
):
    """The Demonstrativo de Análise de Conta was reached only from the Demonstrativos menu; seed 004 also offers it
    from the lote search once the protocol is 'Liberado para faturamento'."""
    beneficiario.carteira = "000000000001"
    beneficiario.save(update_fields=["carteira"])
    liberado, recebido = (
        services.receber_xml(
            operadora=operadora, prestador=prestador, dados=arquivo_lote(numero_lote=n, prefixo=n), origem="xml"
        ).protocolo
        for n in ("81", "82")
    )
    assert liberado is not None and recebido is not None
    services.iniciar_analise(protocolo_id=liberado.pk)
    services.liberar_para_faturamento(protocolo_id=liberado.pk, valor_glosado=Decimal("0"))
    pdf = f"/portal/demonstrativos/analise/{liberado.pk}/demonstrativo.pdf"

    for url in (f"{BASE}/lotes/", f"{BASE}/lotes/{liberado.lote_id}/", f"{BASE}/protocolos/{liberado.pk}/"):
        pagina = cliente_portal.get(url).content.decode()
        assert f'href="{pdf}"' in pagina, url
        assert f"/portal/demonstrativos/analise/{recebido.pk}/" not in pagina, url
    resposta = cliente_portal.get(pdf)
    assert resposta.status_code == 200 and resposta.content.startswith(b"%PDF")
    # a representative without 'Demonstrativos' is not offered a link it could not open
    so_faturamento = cliente_representante(PermissaoPortal.FATURAMENTO)
    assert "/portal/demonstrativos/analise/" not in so_faturamento.get(f"{BASE}/lotes/").content.decode()


# --- seed 004 §6: "O Demonstrativo de Pagamento estará disponível somente após a vinculação da data de pagamento,
# no detalhamento do lote de pagamento. Essa vinculação ocorre na etapa 'Faturado'." --------------------------


@pytest.mark.django_db
def test_lote_faturado_leva_ao_demonstrativo_de_pagamento(
    cliente_portal, cliente_portal_outro, cliente_representante, operadora, prestador, beneficiario, arquivo_lote,
    usuario_retaguarda, hoje,
):
    """The lote page and the protocol page link the Demonstrativo de Pagamento of the payment the protocol joined
    when faturado (and still once paid); not before, not to a user without 'Demonstrativos', and another provider
    gets a 404 for it."""
    beneficiario.carteira = "000000000001"
    beneficiario.save(update_fields=["carteira"])
    faturado, so_liberado = (
        services.receber_xml(
            operadora=operadora, prestador=prestador, dados=arquivo_lote(numero_lote=n, prefixo=n), origem="xml"
        ).protocolo
        for n in ("91", "92")
    )
    assert faturado is not None and so_liberado is not None
    for protocolo in (faturado, so_liberado):
        services.iniciar_analise(protocolo_id=protocolo.pk)
        services.liberar_para_faturamento(protocolo_id=protocolo.pk, valor_glosado=Decimal("0"))
    paginas = (f"{BASE}/lotes/{faturado.lote_id}/", f"{BASE}/protocolos/{faturado.pk}/")
    # before faturado: the analysis statement, no payment statement
    for url in paginas:
        pagina = cliente_portal.get(url).content.decode()
        assert "/portal/demonstrativos/analise/" in pagina and "/portal/demonstrativos/pagamentos/" not in pagina, url

    data_pagamento = hoje  # received today, paid today (a payment run is registered on or after its date)
    pagamento = claims_services.faturar(protocolo_id=faturado.pk, usuario=usuario_retaguarda,
                                        data_pagamento=data_pagamento)
    claims_services.executar_pagamentos(operadora=operadora, data_pagamento=data_pagamento,
                                        usuario=usuario_retaguarda)

    pdf = f"/portal/demonstrativos/pagamentos/{pagamento.pk}/demonstrativo.pdf"
    xml = f"/portal/demonstrativos/pagamentos/{pagamento.pk}/demonstrativo.xml"
    for url in paginas:
        pagina = cliente_portal.get(url).content.decode()
        assert f'href="{pdf}"' in pagina and f'href="{xml}"' in pagina, url
    for url in (f"{BASE}/lotes/{so_liberado.lote_id}/", f"{BASE}/protocolos/{so_liberado.pk}/"):
        assert "/portal/demonstrativos/pagamentos/" not in cliente_portal.get(url).content.decode(), url
    resposta = cliente_portal.get(pdf, follow=True)
    assert resposta.status_code == 200 and resposta["Content-Type"] == "application/pdf"
    assert f"({faturado.numero})".encode() in texto_do_pdf(resposta.content)
    resposta = cliente_portal.get(xml, follow=True)
    assert resposta.status_code == 200
    assert f"<ans:numeroProtocolo>{faturado.numero}</ans:numeroProtocolo>" in resposta.content.decode("iso-8859-1")
    # a representative without 'Demonstrativos' is not offered it
    so_faturamento = cliente_representante(PermissaoPortal.FATURAMENTO)
    for url in paginas:
        pagina = so_faturamento.get(url)
        assert pagina.status_code == 200 and "/portal/demonstrativos/pagamentos/" not in pagina.content.decode(), url
    # another provider cannot open it
    assert cliente_portal_outro.get(pdf).status_code == 404
    assert cliente_portal_outro.get(xml).status_code == 404


# --- the demo (issue 6 item 11): protocols in every state, billing registered beneficiaries -------------------


@pytest.mark.django_db
def test_lotes_recebidos_da_demo_faturam_beneficiarios_cadastrados(capsys):
    """The demo's XML lotes carried the sample carteiras (000000000001, …), which no beneficiary has: every page
    showed the number instead of a name, and an analysis would refuse every guide."""
    call_command("demo", "--json")

    recebidas = Guia.objects.filter(lote__numero__startswith="DEMO", origem="xml")
    assert recebidas.count() == 2 * 7 * 3  # two operadoras, seven lotes of three guides
    assert not recebidas.filter(beneficiario__isnull=True).exists()
    assert len(set(recebidas.values_list("carteira", flat=True))) > 1


@pytest.mark.django_db
def test_aviso_de_itens_nao_conferidos_so_quando_ha_itens_sem_conferir(cliente_portal, faturamento):
    """Seed 003 §6: "Existem itens não conferidos! Estes itens serão removidos do lote. Deseja enviar assim
    mesmo?" comes when atendimentos are left unconfirmed. Items the clerk removed on purpose raised it too."""
    url = f"{BASE}/automatico/{faturamento.pk}/"
    aviso = "Existem itens não conferidos! Estes itens serão removidos do lote."
    primeiro, *outros = ItemGuia.objects.order_by("id")
    services.conferir_itens(faturamento_id=faturamento.pk, estado="conferido", item_ids=[primeiro.pk], usuario=None)

    assert aviso in cliente_portal.get(url).content.decode()

    services.conferir_itens(
        faturamento_id=faturamento.pk, estado="removido", item_ids=[i.pk for i in outros], usuario=None
    )

    assert aviso not in cliente_portal.get(url).content.decode()


@pytest.mark.django_db
def test_conferencia_marca_nao_confirmado_e_avisa_o_que_acontece(cliente_portal, faturamento):
    """Seed 003 §5 filters "Conferidos / Não Conferidos / Removidos / Não Confirmados", but no row could be marked
    not confirmed. Each row now has "não realizado", the legend says what each state does on Enviar, and the
    Enviar warning says the confirmations of those items will be undone."""
    url = f"{BASE}/automatico/{faturamento.pk}/"
    primeiro, segundo, _ = ItemGuia.objects.order_by("id")
    pagina = cliente_portal.get(url).content.decode()
    assert pagina.count(f'action="{url}nao_confirmar/"') == 3
    assert "Não confirmado</strong>: o atendimento não aconteceu" in pagina
    assert "Os não confirmados terão a confirmação do atendimento desfeita." not in pagina

    cliente_portal.post(f"{url}nao_confirmar/", {"itens": segundo.pk})
    cliente_portal.post(f"{url}conferir/", {"itens": primeiro.pk})

    assert ItemGuia.objects.get(pk=segundo.pk).conferencia == ItemGuia.Conferencia.NAO_CONFIRMADO
    pagina = cliente_portal.get(url).content.decode()
    assert "Os não confirmados terão a confirmação do atendimento desfeita." in pagina
    filtrada = cliente_portal.get(url, {"estados": "nao_confirmado"}).content.decode()
    assert f'id="item-{segundo.pk}"' in filtrada and f'id="item-{primeiro.pk}"' not in filtrada


@pytest.mark.django_db
def test_protocolos_da_demo_faturados_e_pagos_tem_analise_e_pagamento(capsys):
    """The demo took the hospital's lotes to Liberado, Faturado and Pago with billing's bare transitions: no
    analysis behind their Demonstrativo de Análise, and Faturado/Pago protocols that no payment listed (staff saw
    them missing from the payments; the provider had no Demonstrativo de Pagamento for a 'Pago' protocol)."""
    from operadora.claims.models import AnaliseProtocolo, ProtocoloPagamento

    call_command("demo", "--json")

    S = Protocolo.Situacao
    liberados = Protocolo.objects.filter(situacao__in=[S.LIBERADO_FATURAMENTO, S.FATURADO, S.PAGO])
    faturados = Protocolo.objects.filter(situacao__in=[S.FATURADO, S.PAGO])
    assert {p.situacao for p in liberados} == {S.LIBERADO_FATURAMENTO, S.FATURADO, S.PAGO}
    assert liberados.filter(lote__numero__startswith="DEMO").count() == 2 * 3  # both operadoras, DEMO03–05
    sem_analise = liberados.exclude(pk__in=AnaliseProtocolo.objects.values("protocolo_id"))
    assert not sem_analise.exists(), list(sem_analise.values_list("numero", "lote__numero"))
    sem_pagamento = faturados.exclude(pk__in=ProtocoloPagamento.objects.values("protocolo_id"))
    assert not sem_pagamento.exists(), list(sem_pagamento.values_list("numero", "lote__numero"))
    # no payment is dated before its protocol was received (the clinic's CONTAS-01/02 were paid weeks before)
    from django.utils import timezone

    antes = [
        (pp.protocolo.lote.numero, pp.pagamento.data_pagamento, timezone.localdate(pp.protocolo.recebido_em))
        for pp in ProtocoloPagamento.objects.select_related("protocolo__lote", "pagamento")
        if pp.pagamento.data_pagamento < timezone.localdate(pp.protocolo.recebido_em)
    ]
    assert not antes, antes
    call_command("demo", "--json")  # still idempotent
    assert Protocolo.objects.filter(situacao__in=[S.FATURADO, S.PAGO]).count() == faturados.count()


# --- seed 004 §3: the lote's details show "Enviar Até (Calendário)" -------------------------------------


@pytest.mark.django_db
def test_detalhe_do_lote_mostra_o_enviar_ate_do_calendario(cliente_portal, operadora, prestador, arquivo_lote):
    """Seed 004 §3 (Detalhes do lote): "Enviar Até (Calendário) · Data Envio · Data Fechamento · Data Pagamento".
    The date is the operadora's calendar deadline for the lote's competência (the protocol's; for a lote not yet
    sent, the current month's, the one it would fall into if sent today); "—" when the calendar has none."""
    from django.utils import timezone

    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    aberto = Lote.objects.create(operadora=operadora, prestador=prestador, numero="ABERTO-1", tipo_guia="2")
    url_enviado, url_aberto = f"{BASE}/lotes/{protocolo.lote_id}/", f"{BASE}/lotes/{aberto.pk}/"

    def enviar_ate(url: str) -> str:
        pagina = cliente_portal.get(url).content.decode()
        return re.search(r"<dt>Enviar até \(calendário\)</dt><dd[^>]*>([^<]*)</dd>", pagina).group(1)

    assert enviar_ate(url_enviado) == enviar_ate(url_aberto) == "—"  # no calendar yet

    mes = timezone.localdate().replace(day=1)
    anterior = (mes - datetime.timedelta(days=1)).replace(day=1)
    services.definir_calendario_nf(
        operadora=operadora, competencia=anterior,
        data_limite_envio=mes + datetime.timedelta(days=4), data_pagamento=mes + datetime.timedelta(days=14),
    )  # fmt: skip
    services.definir_calendario_nf(
        operadora=operadora, competencia=mes,
        data_limite_envio=mes + datetime.timedelta(days=38), data_pagamento=mes + datetime.timedelta(days=48),
    )  # fmt: skip
    esperado = (mes + datetime.timedelta(days=38)).strftime("%d/%m/%Y")
    assert enviar_ate(url_enviado) == esperado  # the protocol's competência is the month of receipt
    assert enviar_ate(url_aberto) == esperado

    Protocolo.objects.filter(pk=protocolo.pk).update(competencia=anterior)
    assert enviar_ate(url_enviado) == (mes + datetime.timedelta(days=4)).strftime("%d/%m/%Y")


@pytest.mark.django_db
def test_protocolo_pago_diz_quando_foi_pago_e_nao_pagamento_previsto(cliente_portal, operadora, prestador,
                                                                     arquivo_lote):
    import datetime

    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    url = f"{BASE}/protocolos/{protocolo.pk}/"
    assert "Pagamento previsto" in cliente_portal.get(url).content.decode()
    Protocolo.objects.filter(pk=protocolo.pk).update(situacao=Protocolo.Situacao.PAGO,
                                                     data_pagamento=datetime.date(2026, 11, 20),
                                                     data_pagamento_prevista=datetime.date(2026, 11, 20))
    pagina = cliente_portal.get(url).content.decode()
    assert "Pago em" in pagina and "20/11/2026" in pagina and "Pagamento previsto" not in pagina
