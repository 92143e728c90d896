import pytest
from django.urls import path

from operadora.accounts.acesso import portal_requer
from operadora.accounts.permissoes import PermissaoPortal
from operadora.portal import atalhos
from operadora.portal.models import LeituraMensagem, MensagemOperadora
from operadora.registry.models import Operadora


@pytest.fixture
def mensagens(operadora, outra_operadora):
    return [MensagemOperadora.objects.create(operadora=operadora, titulo=f"Aviso {i}", texto="Texto") for i in range(3)] + [
        MensagemOperadora.objects.create(operadora=outra_operadora, titulo="De outra operadora", texto="X")]


@pytest.mark.django_db
def test_inicio_mostra_mensagens_com_nova_e_o_aviso_depois_da_entrada(client, usuario_prestador, mensagens):
    client.post("/portal/entrar/", {"documento": usuario_prestador.username, "senha": "Senha#2026teste"})
    pagina = client.get("/portal/").content.decode()
    assert 'id="avisos-nao-lidos"' in pagina and "Você tem 3 avisos não lidos" in pagina
    assert pagina.count(">Nova<") == 3 and "De outra operadora" not in pagina
    # the prompt shows once per sign-in; reading a message removes its Nova badge
    client.get(f"/portal/mensagens/{mensagens[0].pk}/")
    pagina = client.get("/portal/").content.decode()
    assert 'id="avisos-nao-lidos"' not in pagina and pagina.count(">Nova<") == 2
    assert LeituraMensagem.objects.count() == 1


@pytest.mark.django_db
def test_mensagem_de_outra_operadora_e_404(cliente_portal, mensagens):
    assert cliente_portal.get(f"/portal/mensagens/{mensagens[-1].pk}/").status_code == 404
    assert not LeituraMensagem.objects.exists()


@pytest.mark.django_db
def test_inicio_com_volume_de_mensagens_tem_consultas_constantes(cliente_portal, operadora,
                                                                 django_assert_max_num_queries):
    MensagemOperadora.objects.bulk_create([MensagemOperadora(operadora=operadora, titulo=f"M{i}", texto="t")
                                           for i in range(60)])
    with django_assert_max_num_queries(12):
        assert cliente_portal.get("/portal/").status_code == 200


@pytest.mark.django_db
def test_atalhos_seguem_os_grupos_e_contam_os_mais_usados(cliente_portal, cliente_representante):
    pagina = cliente_portal.get("/portal/").content.decode()
    assert "/portal/atalho/representantes/" in pagina and "Serviços mais acessados" not in pagina
    assert cliente_portal.get("/portal/atalho/representantes/")["Location"] == "/portal/representantes/"
    assert "Serviços mais acessados por você" in cliente_portal.get("/portal/").content.decode()
    representante = cliente_representante(PermissaoPortal.FATURAMENTO)
    assert "/portal/atalho/representantes/" not in representante.get("/portal/").content.decode()
    assert representante.get("/portal/atalho/representantes/").status_code == 404
    assert representante.get("/portal/atalho/nao-existe/").status_code == 404


@portal_requer(PermissaoPortal.DEMONSTRATIVOS)
def _pagina_de_teste(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


urlpatterns = [path("portal/teste-atalho/", _pagina_de_teste, name="teste_atalho")]


@pytest.mark.django_db
@pytest.mark.urls("operadora.portal.tests.test_inicio")
def test_outro_app_registra_um_atalho_sem_editar_o_template(settings):
    from django.urls import include

    urlpatterns[:] = [path("portal/teste-atalho/", _pagina_de_teste, name="teste_atalho"),
                      path("portal/", include("operadora.portal.urls")),
                      path("operadora/", include("operadora.backoffice.urls"))]
    atalhos.registrar_atalho(atalhos.Atalho(chave="teste", rotulo="Demonstrativos de teste", nome_url="teste_atalho",
                                            permissao=PermissaoPortal.DEMONSTRATIVOS, ordem=1))
    try:
        from operadora.core.testing import cliente_no_portal, criar_usuario_do_portal  # noqa: F401

        nomes = [a.rotulo for a in atalhos.todos()]
        assert nomes[0] == "Demonstrativos de teste"
    finally:
        atalhos._REGISTRO._atalhos.pop("teste")
    assert Operadora is not None


@pytest.mark.django_db
def test_contagem_de_nao_lidas_e_a_das_mensagens_do_portal_menos_as_lidas(
    usuario_prestador, prestador, outro_prestador, operadora, mensagens
):
    from operadora.accounts.acesso import ContextoPortal
    from operadora.portal import selectors
    from operadora.registry.models import Credenciamento

    so_minha = MensagemOperadora.objects.create(operadora=operadora, titulo="Só minha", texto="t", para_todos=False)
    so_minha.prestadores.add(prestador)
    de_outro = MensagemOperadora.objects.create(operadora=operadora, titulo="De outro", texto="t", para_todos=False)
    de_outro.prestadores.add(outro_prestador)
    contexto = ContextoPortal(usuario_prestador, prestador, operadora,
                              Credenciamento.objects.get(prestador=prestador, operadora=operadora))
    LeituraMensagem.objects.create(mensagem=mensagens[0], usuario=usuario_prestador)

    esperadas = selectors.mensagens_do_portal(contexto).filter(lida=False)
    assert selectors.quantidade_nao_lidas(contexto) == esperadas.count() == 3  # 2 for everyone + só minha
    assert set(esperadas.values_list("titulo", flat=True)) == {"Aviso 1", "Aviso 2", "Só minha"}
