import pytest

from operadora.accounts.acesso import SESSAO_OPERADORA, contexto_portal, permissoes_portal
from operadora.accounts.permissoes import PermissaoOperadora, PermissaoPortal


@pytest.mark.django_db
def test_fixtures_de_cliente_entram_no_portal_e_na_retaguarda(cliente_portal, cliente_portal_outro,
                                                              cliente_representante, cliente_retaguarda, operadora):
    # given the shared fixtures; then each client is signed in as promised
    assert cliente_portal.session[SESSAO_OPERADORA] == operadora.pk
    assert cliente_portal.usuario.prestador.nome == "Clínica A"
    assert cliente_portal_outro.usuario.prestador.nome == "Clínica B"
    representante = cliente_representante(PermissaoPortal.FATURAMENTO).usuario
    assert permissoes_portal(representante) == {PermissaoPortal.FATURAMENTO}
    assert permissoes_portal(cliente_portal.usuario) == set(PermissaoPortal)
    from operadora.accounts.acesso import permissoes_operadora

    assert permissoes_operadora(cliente_retaguarda.usuario) == set(PermissaoOperadora)


@pytest.mark.django_db
def test_contexto_exige_credenciamento_ativo_na_operadora_escolhida(rf, usuario_prestador, outra_operadora):
    # given a provider user who chose an operadora it is not credentialed with
    request = rf.get("/portal/")
    request.user = usuario_prestador
    request.session = {SESSAO_OPERADORA: outra_operadora.pk}
    # then there is no portal context
    assert contexto_portal(request) is None
