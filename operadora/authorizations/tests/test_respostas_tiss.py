import pytest

from operadora.authorizations import respostas_tiss, services
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.schemas import RegistroSchemas
from operadora.tiss.validation import validar


@pytest.mark.parametrize("status", [False, True])
def test_partial_authorization_answer_is_valid_tiss_with_senha_and_reasons(solicitar, auditor, operadora, status):
    # Given a request the auditor authorized in part
    a = solicitar(itens=[("40302040", 2), ("41010010", 1)])
    services.autorizar(autorizacao_id=a.id, usuario=auditor, quantidades={a.itens.get(codigo="40302040").id: 1},
                       codigo_negativa="3293", justificativa="Uma dosagem basta neste momento do quadro.")
    a.refresh_from_db()
    # When it is written as the TISS answer
    resposta = respostas_tiss.resposta_autorizacao(a, status=status)
    xml = respostas_tiss.mensagem_resposta(a, sequencial_transacao="7", status=status)
    # Then it carries the TISS status, senha and per-item reasons, and passes the XSD and the hash check
    assert (resposta.status_solicitacao, resposta.senha) == ("7", a.senha)
    assert [(s.quantidade_autorizada, [m.codigo_glosa for m in s.motivos_negativa])
            for s in resposta.servicos_autorizados] == [(1, ["3293"]), (0, ["3287"])]
    relatorio = validar(xml, PoliticaTiss(registro_ans_destino=None), RegistroSchemas())
    assert not relatorio.erros, relatorio.erros


def test_denied_answer_lists_its_reason(solicitar, auditor):
    a = solicitar(itens=[("40302040", 1)])
    services.negar(autorizacao_id=a.id, usuario=auditor, codigo_negativa="3288",
                   justificativa="Não atende à DUT do Rol da ANS.")
    a.refresh_from_db()
    resposta = respostas_tiss.resposta_autorizacao(a)
    assert (resposta.status_solicitacao, resposta.motivos_negativa, resposta.senha) == ("3", ("3288",), None)
