"""XML upload page (report or protocol, many files), the `operadora tiss receive` CLI, the protocol state
machine the claims analysis calls, NF calendar and invoices, documents, and the back-office protocol list."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from operadora.billing import services
from operadora.billing.models import DocumentoAnexo, Guia, HistoricoProtocolo, Lote, NotaFiscal, Protocolo
from operadora.core.erros import TransicaoInvalida

S = Protocolo.Situacao


def _arquivo(nome, dados):
    return SimpleUploadedFile(nome, dados, content_type="application/xml")


@pytest.mark.django_db
def test_upload_de_um_valido_e_um_invalido_mostra_protocolo_e_relatorio(cliente_portal, arquivo_lote):
    valido = arquivo_lote(quantidade=2)
    invalido = arquivo_lote(numero_lote="2", prefixo="Z", dias_atras=200)
    r = cliente_portal.post(
        "/portal/faturamento/xml/",
        {"arquivos": [_arquivo("bom.xml", valido), _arquivo("ruim.xml", invalido)]},
    )
    pagina = r.content.decode()
    protocolo = Protocolo.objects.get()
    assert r.status_code == 200
    assert f"protocolo (PEG) <strong>{protocolo.numero}</strong>" in pagina
    assert "Arquivo recusado: nada foi gravado" in pagina and "3214" in pagina
    assert Lote.objects.count() == 1
    # resending the same file returns the first protocol
    r = cliente_portal.post("/portal/faturamento/xml/", {"arquivos": [_arquivo("bom.xml", valido)]})
    assert "Este lote já havia sido recebido" in r.content.decode() and Protocolo.objects.count() == 1


@pytest.mark.django_db
def test_upload_de_lixo_e_mensagem_clara_nunca_500(cliente_portal):
    r = cliente_portal.post("/portal/faturamento/xml/", {"arquivos": [_arquivo("vazio.xml", b"")]})
    assert r.status_code == 200 and "O arquivo submetido está" in r.content.decode()
    for dados in (b"nao sou xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'):
        r = cliente_portal.post("/portal/faturamento/xml/", {"arquivos": [_arquivo("x.xml", dados)]})
        assert r.status_code == 200 and "Arquivo recusado" in r.content.decode()
    r = cliente_portal.post("/portal/faturamento/xml/", {})
    assert r.status_code == 200 and "Escolha ao menos um arquivo XML" in r.content.decode()
    assert not Lote.objects.exists()


@pytest.mark.django_db
def test_cli_receive_aceita_e_devolve_o_mesmo_protocolo(tmp_path, operadora, prestador, arquivo_lote):
    caminho = tmp_path / "lote.xml"
    caminho.write_bytes(arquivo_lote(quantidade=3))
    saida = StringIO()
    call_command("tiss", "receive", str(caminho), "--json", stdout=saida)  # exit 0: returns normally
    dados = json.loads(saida.getvalue())
    assert dados["guias"] == 3 and dados["situacao"] == "Enviado à operadora" and dados["protocolo"]
    saida = StringIO()
    call_command("tiss", "receive", str(caminho), "--json", stdout=saida)
    assert json.loads(saida.getvalue())["protocolo"] == dados["protocolo"]
    assert json.loads(saida.getvalue())["novo"] is False


@pytest.mark.django_db
def test_cli_receive_recusado_sai_com_1_e_relatorio(tmp_path, operadora, prestador, arquivo_lote):
    caminho = tmp_path / "velho.xml"
    caminho.write_bytes(arquivo_lote(dias_atras=150))
    saida = StringIO()
    with pytest.raises(SystemExit) as fim:
        call_command("tiss", "receive", str(caminho), "--json", stdout=saida)
    assert fim.value.code == 1
    assert json.loads(saida.getvalue())["erros"][0]["codigo"] == "3214"
    desconhecido = tmp_path / "outro.xml"
    desconhecido.write_bytes(arquivo_lote(codigo="999999"))
    with pytest.raises(SystemExit) as fim:
        call_command("tiss", "receive", str(desconhecido), stdout=StringIO())
    assert fim.value.code == 1 and not Lote.objects.exists()


@pytest.mark.django_db
def test_cli_receive_de_arquivo_malformado_ou_sem_remetente_diz_linha_e_campo(
    tmp_path, operadora, prestador, arquivo_lote
):
    # Antes de saber de quem é o arquivo, a CLI procura o remetente no cabeçalho; um arquivo malformado ou fora
    # do XSD voltava só com "Operadora ... não encontrada" ou o erro sem linha, escondendo o problema real.
    truncado = tmp_path / "truncado.xml"
    truncado.write_bytes(arquivo_lote().replace(b"</ans:observacao>", b"", 1))
    registro_com_espaco = tmp_path / "espaco.xml"
    registro_com_espaco.write_bytes(
        arquivo_lote().replace(
            f"<ans:destino><ans:registroANS>{operadora.registro_ans}<".encode(),
            f"<ans:destino><ans:registroANS>{operadora.registro_ans} <".encode(),
        )
    )
    outra_operadora = tmp_path / "outra.xml"
    outra_operadora.write_bytes(arquivo_lote(registro_ans="999999"))
    relatorios = {}
    for caminho in (truncado, registro_com_espaco, outra_operadora):
        saida = StringIO()
        with pytest.raises(SystemExit) as fim:
            call_command("tiss", "receive", str(caminho), "--json", stdout=saida)
        assert fim.value.code == 1
        relatorios[caminho.name] = json.loads(saida.getvalue())["erros"]

    [erro] = relatorios["truncado.xml"]
    assert erro["codigo"] == "5002" and erro["linha"] == 2 and "ans:observacao" in erro["mensagem"]
    assert ("5001", "ans:mensagemTISS/ans:cabecalho/ans:destino/ans:registroANS") in {
        (e["codigo"], e["campo"]) for e in relatorios["espaco.xml"]
    }
    [erro] = relatorios["outra.xml"]
    assert erro["codigo"] == "5027" and erro["campo"] == "ans:cabecalho/ans:destino/ans:registroANS"
    assert not Lote.objects.exists()


@pytest.mark.django_db
def test_ciclo_de_vida_do_protocolo_com_transicoes_validas(operadora, prestador, arquivo_lote):
    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    services.definir_calendario_nf(
        operadora=operadora,
        competencia=protocolo.competencia,
        data_limite_envio=protocolo.competencia + datetime.timedelta(days=40),
        data_pagamento=protocolo.competencia + datetime.timedelta(days=50),
    )
    services.iniciar_analise(protocolo_id=protocolo.pk)
    with pytest.raises(TransicaoInvalida):
        services.registrar_pagamentos(protocolo_ids=[protocolo.pk], data_pagamento=datetime.date.today())
    services.liberar_para_faturamento(
        protocolo_id=protocolo.pk, valor_glosado=Decimal("10.00"), guias_com_glosa=1, itens_com_glosa=1
    )
    protocolo = services.faturar_protocolo(protocolo_id=protocolo.pk)
    assert protocolo.data_pagamento_prevista == protocolo.competencia + datetime.timedelta(days=50)
    [protocolo] = services.registrar_pagamentos(protocolo_ids=[protocolo.pk], data_pagamento=datetime.date.today())
    assert protocolo.situacao == S.PAGO and protocolo.codigo_situacao_tiss == "6"
    assert protocolo.valor_liberado == protocolo.valor_informado - Decimal("10.00")
    assert list(
        HistoricoProtocolo.objects.filter(protocolo=protocolo).values_list("situacao", flat=True)
    ) == ["recebido", "em_analise", "liberado_faturamento", "faturado", "pago"]


@pytest.mark.django_db
def test_lote_em_analise_nao_pode_ser_cancelado_pelo_prestador(
    cliente_portal, operadora, prestador, arquivo_lote
):
    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    services.iniciar_analise(protocolo_id=protocolo.pk)
    r = cliente_portal.post(f"/portal/faturamento/lotes/{protocolo.lote_id}/cancelar/", follow=True)
    assert "não pode passar a" in r.content.decode()
    protocolo.refresh_from_db()
    assert protocolo.situacao == S.EM_ANALISE and protocolo.lote.situacao == Lote.Situacao.ENVIADO


@pytest.mark.django_db
def test_nf_fora_do_prazo_move_a_data_de_pagamento(operadora, prestador, hoje):
    mes = hoje.replace(day=1)
    anterior = (mes - datetime.timedelta(days=1)).replace(day=1)
    services.definir_calendario_nf(
        operadora=operadora,
        competencia=anterior,
        data_limite_envio=hoje - datetime.timedelta(days=1),
        data_pagamento=hoje + datetime.timedelta(days=5),
    )
    services.definir_calendario_nf(
        operadora=operadora,
        competencia=mes,
        data_limite_envio=hoje + datetime.timedelta(days=20),
        data_pagamento=hoje + datetime.timedelta(days=35),
    )
    nota = services.enviar_nota_fiscal(
        operadora=operadora,
        prestador=prestador,
        arquivo=SimpleUploadedFile("nf.pdf", b"%PDF-1.4"),
        numero="123",
        data_emissao=hoje,
        valor=Decimal("100.00"),
        competencia=anterior,
    )
    assert not nota.no_prazo and nota.data_pagamento_prevista == hoje + datetime.timedelta(days=35)
    assert "após o prazo" in nota.motivo_data_pagamento


@pytest.mark.django_db
def test_pagina_de_nf_recusa_formato_errado_com_mensagem(cliente_portal, hoje):
    r = cliente_portal.post(
        "/portal/faturamento/notas-fiscais/",
        {
            "arquivo": SimpleUploadedFile("nf.doc", b"x"),
            "numero": "9",
            "data_emissao": hoje.isoformat(),
            "valor": "10,00",
            "competencia": hoje.strftime("%m/%Y"),
        },
    )
    assert r.status_code == 200 and "PDF ou XML" in r.content.decode()
    assert not NotaFiscal.objects.exists()


@pytest.mark.django_db
def test_documento_em_guia_enviada_e_falha_explicada(cliente_portal, operadora, prestador, arquivo_lote):
    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    guia = Guia.objects.get(protocolo=protocolo)
    cliente_portal.post(
        "/portal/faturamento/documentos/",
        {"guia": guia.numero_guia_prestador, "arquivo": SimpleUploadedFile("laudo.pdf", b"%PDF-1.4")},
    )
    cliente_portal.post(
        "/portal/faturamento/documentos/",
        {"guia": guia.numero_guia_prestador, "arquivo": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert DocumentoAnexo.objects.get(nome_original="laudo.pdf").guia == guia
    falhou = DocumentoAnexo.objects.get(nome_original="virus.exe")
    assert falhou.situacao == "falhou" and ".exe" in falhou.motivo_falha
    pagina = cliente_portal.get("/portal/faturamento/documentos/?situacao=falhou").content.decode()
    assert "virus.exe" in pagina and "laudo.pdf" not in pagina


@pytest.mark.django_db
def test_documento_com_numero_de_guia_longo_demais_da_mensagem_e_nada_grava(cliente_portal):
    # given a signed-in provider user; when it attaches a document to a guide number longer than any guide's
    resposta = cliente_portal.post(
        "/portal/faturamento/documentos/",
        {"guia": "9" * 400, "arquivo": SimpleUploadedFile("laudo.pdf", b"%PDF-1.4")},
    )
    # then the form answers in pt-BR (no 500 from a too-long reason), and nothing is recorded
    assert resposta.status_code == 200 and "no máximo 20 caracteres" in resposta.content.decode()
    assert not DocumentoAnexo.objects.exists()


@pytest.mark.django_db
def test_retaguarda_lista_protocolos_com_guias_e_exige_permissao(
    cliente_retaguarda, cliente_portal, operadora, prestador, arquivo_lote
):
    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    lista = cliente_retaguarda.get("/operadora/protocolos/")
    assert lista.status_code == 200 and protocolo.numero in lista.content.decode()
    detalhe = cliente_retaguarda.get(f"/operadora/protocolos/{protocolo.pk}/").content.decode()
    assert Guia.objects.get(protocolo=protocolo).numero_guia_prestador in detalhe
    cliente_retaguarda.post(f"/operadora/protocolos/{protocolo.pk}/situacao/", {"para": "em_analise"})
    protocolo.refresh_from_db()
    assert protocolo.situacao == S.EM_ANALISE
    # a provider's user is not staff: no access, nothing changed
    assert cliente_portal.get("/operadora/protocolos/").status_code in (302, 403)
    cliente_portal.post(f"/operadora/protocolos/{protocolo.pk}/situacao/", {"para": "liberado_faturamento"})
    protocolo.refresh_from_db()
    assert protocolo.situacao == S.EM_ANALISE
    # release, invoicing and payment go through the claims analysis and the payment run, never around them
    for para in ("liberado_faturamento", "faturado", "pago"):
        resposta = cliente_retaguarda.post(f"/operadora/protocolos/{protocolo.pk}/situacao/", {"para": para},
                                           follow=True)
        assert "Análise de contas" in resposta.content.decode()
        protocolo.refresh_from_db()
        assert protocolo.situacao == S.EM_ANALISE


@pytest.mark.django_db
@pytest.mark.parametrize("pagina", ["99999999999999999999999", "-5", "abc"])
def test_pagina_enorme_ou_invalida_mostra_a_ultima_ou_a_primeira_nunca_500(
    cliente_portal, operadora, prestador, arquivo_lote, pagina
):
    # given one received lote and an automatic billing of the provider
    from operadora.billing.tests.isolamento import faturamento

    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    fat = faturamento(prestador, operadora)
    # when the lists are asked for a page number that is huge (past bigint), negative or not a number
    for url in ("/portal/faturamento/lotes/", "/portal/faturamento/guias/",
                f"/portal/faturamento/automatico/{fat.pk}/"):
        resposta = cliente_portal.get(url, {"pagina": pagina})
        # then the page opens (the only page), never a 500
        assert resposta.status_code == 200, url
    assert protocolo.lote.numero in cliente_portal.get("/portal/faturamento/lotes/", {"pagina": pagina}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("para", ["", "abc", "99999999999999999999"])
def test_retaguarda_situacao_desconhecida_vira_mensagem_e_nada_muda(
    cliente_retaguarda, operadora, prestador, arquivo_lote, para
):
    # given a received protocol
    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    antes = protocolo.situacao
    # when the staff posts a situação that does not exist
    resposta = cliente_retaguarda.post(f"/operadora/protocolos/{protocolo.pk}/situacao/", {"para": para},
                                       follow=True)
    # then a pt-BR message, not a 500, and nothing changed
    assert resposta.status_code == 200 and "Situação de protocolo desconhecida" in resposta.content.decode()
    protocolo.refresh_from_db()
    assert protocolo.situacao == antes and not protocolo.historico.exclude(situacao=antes).exists()


@pytest.mark.django_db
def test_api_recebe_lote_e_lista_so_os_protocolos_do_prestador(
    cliente_portal, cliente_portal_outro, arquivo_lote
):
    dados = arquivo_lote(quantidade=2)
    r = cliente_portal.post("/api/v1/faturamento/lotes/", {"arquivo": _arquivo("l.xml", dados)})
    assert r.status_code == 201 and r.json()["quantidade_guias"] == 2 and r.json()["situacao_tiss"] == "1"
    again = cliente_portal.post("/api/v1/faturamento/lotes/", {"arquivo": _arquivo("l.xml", dados)})
    assert again.status_code == 200 and again.json()["numero"] == r.json()["numero"]
    ruim = cliente_portal.post("/api/v1/faturamento/lotes/", {"arquivo": _arquivo("r.xml", b"<x/>")})
    assert ruim.status_code == 422 and ruim.json()[0]["codigo"]
    assert [p["numero"] for p in cliente_portal.get("/api/v1/faturamento/protocolos/").json()["results"]] == [
        r.json()["numero"]
    ]
    assert cliente_portal_outro.get("/api/v1/faturamento/protocolos/").json()["results"] == []
    assert cliente_portal_outro.get(f"/api/v1/faturamento/protocolos/{r.json()['id']}/").status_code == 404


@pytest.mark.django_db
def test_protocolo_na_retaguarda_so_aponta_pagamentos_a_quem_os_ve(cliente_retaguarda, operadora, prestador,
                                                                      arquivo_lote):
    # given a received protocol and an accounts analyst (role without the payments permission)
    from django.contrib.auth.models import Group

    from operadora.accounts.models import Usuario
    from operadora.core.testing import TOTP_TESTE, cliente_na_retaguarda

    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    analista = Usuario.objects.create(username="analista.teste", tipo=Usuario.Tipo.OPERADORA, is_staff=True,
                                      totp_secret=TOTP_TESTE)
    analista.groups.add(Group.objects.get(name="Analista de contas"))
    url = f"/operadora/protocolos/{protocolo.pk}/"
    # then the analyst's page has no link to the payments panel it would be refused (403), the full staff's has
    analista_ve = cliente_na_retaguarda(analista).get(url).content.decode()
    assert "Análise de contas" in analista_ve and "/operadora/pagamentos/" not in analista_ve
    assert cliente_na_retaguarda(analista).get("/operadora/pagamentos/").status_code == 403
    assert "/operadora/pagamentos/" in cliente_retaguarda.get(url).content.decode()
