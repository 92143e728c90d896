import pytest
from django.core.exceptions import ValidationError

from operadora.accounts.models import Usuario
from operadora.accounts.sessao import SESSAO_2FA
from operadora.registry.models import Operadora, Prestador, Profissional


@pytest.fixture
def admin_client(client, db):
    usuario = Usuario.objects.create_superuser("admin", "admin@exemplo.com", "Senha#forte1")
    client.force_login(usuario)
    sessao = client.session
    sessao[SESSAO_2FA] = True  # /admin/ requires the staff second factor (accounts.sessao)
    sessao.save()
    return client


def _mensagens(erro: ValidationError) -> dict[str, list[str]]:
    return erro.message_dict


def test_operadora_rejeita_registro_ans_e_cnpj_invalidos(db):
    operadora = Operadora(registro_ans="12345", cnpj="11444777000100", razao_social="X", nome_fantasia="X", uf="SP")
    with pytest.raises(ValidationError) as erro:
        operadora.full_clean()
    assert _mensagens(erro.value)["registro_ans"] == ["Registro ANS inválido: são 6 dígitos."]
    assert _mensagens(erro.value)["cnpj"] == ["CNPJ inválido: confira os 14 caracteres."]


def test_operadora_valida_tem_politicas_padrao_da_ans(db):
    operadora = Operadora(registro_ans="359017", cnpj="11444777000161", razao_social="X", nome_fantasia="X", uf="SP")
    operadora.full_clean()
    assert (operadora.prazo_faturamento_dias, operadora.validade_autorizacao_dias, operadora.prazo_recurso_dias,
            operadora.max_guias_lote) == (90, 90, 90, 100)
    assert operadora.versoes_tiss_aceitas == ["4.03.00"]
    assert operadora.politica_hash == Operadora.PoliticaHash.ACEITAR_AMBOS


def test_operadora_rejeita_versao_tiss_desconhecida(db):
    operadora = Operadora(registro_ans="359017", cnpj="11444777000161", razao_social="X", nome_fantasia="X", uf="SP",
                          versoes_tiss_aceitas=["3.05.00"])
    with pytest.raises(ValidationError) as erro:
        operadora.full_clean()
    assert "versoes_tiss_aceitas" in _mensagens(erro.value)


@pytest.mark.parametrize(
    ("tipo_pessoa", "documento", "esperado"),
    [("F", "52998224725", None), ("F", "52998224700", "CPF inválido: confira os 11 dígitos."),
     ("F", "99999999999", "CPF inválido: confira os 11 dígitos."),
     ("J", "11.222.333/0001-81", None), ("J", "11222333000100", "CNPJ inválido: confira os 14 caracteres."),
     ("J", "12ABC34501DE35", None)],
)
def test_prestador_valida_cpf_ou_cnpj_conforme_o_tipo(db, tipo_pessoa, documento, esperado):
    prestador = Prestador(tipo_pessoa=tipo_pessoa, cpf_cnpj=documento, nome="P", tipo="clinica", cnes="2077485")
    if esperado is None:
        prestador.full_clean()
        assert prestador.cpf_cnpj.isalnum()
    else:
        with pytest.raises(ValidationError) as erro:
            prestador.full_clean()
        assert _mensagens(erro.value)["cpf_cnpj"] == [esperado]


def test_prestador_rejeita_cnes_invalido(db):
    prestador = Prestador(tipo_pessoa="J", cpf_cnpj="11222333000181", nome="P", tipo="clinica", cnes="12AB")
    with pytest.raises(ValidationError) as erro:
        prestador.full_clean()
    assert _mensagens(erro.value)["cnes"] == ["CNES inválido: são 7 dígitos."]


def test_profissional_exige_conselho_e_cbo_das_tabelas_tuss(db):
    from operadora.registry.models import TermoTUSS

    TermoTUSS.objects.create(tabela="26", codigo="06", termo="Conselho Regional de Medicina", busca="crm")
    TermoTUSS.objects.create(tabela="24", codigo="225125", termo="Médico clínico", busca="medico clinico")
    Profissional(nome="A", conselho="06", numero_conselho="1", uf_conselho="SP", cbo="225125").full_clean()
    with pytest.raises(ValidationError) as erro:
        Profissional(nome="A", conselho="99", numero_conselho="1", uf_conselho="SP", cbo="000000").full_clean()
    assert set(_mensagens(erro.value)) == {"conselho", "cbo"}


def test_admin_recusa_cnpj_invalido_em_portugues_e_nao_grava(admin_client):
    resposta = admin_client.post("/admin/registry/prestador/add/", {
        "tipo_pessoa": "J", "cpf_cnpj": "11222333000100", "nome": "Clínica X", "tipo": "clinica", "cnes": "123",
        "credenciamentos-TOTAL_FORMS": "0", "credenciamentos-INITIAL_FORMS": "0",
    })
    assert resposta.status_code == 200
    conteudo = resposta.content.decode()
    assert "CNPJ inválido: confira os 14 caracteres." in conteudo
    assert "CNES inválido: são 7 dígitos." in conteudo
    assert not Prestador.objects.exists()


def test_admin_grava_prestador_valido_com_documento_compacto(admin_client):
    resposta = admin_client.post("/admin/registry/prestador/add/", {
        "tipo_pessoa": "F", "cpf_cnpj": "529.982.247-25", "nome": "Dra. Ana", "tipo": "profissional",
        "cnes": "2077485", "credenciamentos-TOTAL_FORMS": "0", "credenciamentos-INITIAL_FORMS": "0",
    })
    assert resposta.status_code == 302
    assert Prestador.objects.get().cpf_cnpj == "52998224725"


def test_admin_edita_politica_da_operadora(admin_client, operadora):
    dados = {
        "registro_ans": operadora.registro_ans, "cnpj": operadora.cnpj, "razao_social": operadora.razao_social,
        "nome_fantasia": operadora.nome_fantasia, "uf": "SP", "ativa": "on", "prazo_faturamento_dias": "60",
        "validade_autorizacao_dias": "30", "prazo_recurso_dias": "90", "max_guias_lote": "50",
        "versoes_tiss_aceitas": '["4.02.00", "4.03.00"]', "politica_hash": "iso_8859_1_estrito",
        "codificacao_hash_envio": "utf-8", "tamanho_max_xml_mb": "10",
    }
    resposta = admin_client.post(f"/admin/registry/operadora/{operadora.pk}/change/", dados)
    assert resposta.status_code == 302
    operadora.refresh_from_db()
    assert (operadora.prazo_faturamento_dias, operadora.max_guias_lote, operadora.politica_hash) == (
        60, 50, "iso_8859_1_estrito")
    dados["max_guias_lote"] = "101"
    resposta = admin_client.post(f"/admin/registry/operadora/{operadora.pk}/change/", dados)
    assert resposta.status_code == 200
    assert "Certifique-se que este valor seja menor ou igual a 100." in resposta.content.decode()
    operadora.refresh_from_db()
    assert operadora.max_guias_lote == 50
