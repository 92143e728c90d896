"""`operadora demo [--scale N] [--json] [--logins]`: the deterministic demonstration data (idempotent)."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from operadora.accounts import demo as demo_acessos
from operadora.authorizations import demo as demo_autorizacoes
from operadora.billing import demo as demo_faturamento
from operadora.claims import demo as demo_contas
from operadora.registry import demo as demo_cadastros
from operadora.registry.models import Credenciamento, TermoTUSS
from operadora.registry.services import carregar_tabelas_tuss


class Command(BaseCommand):
    help = "Cria (ou completa) os dados de demonstração; --json imprime operadoras, logins e carteiras."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", type=int, default=0, metavar="N",
                            help="Cria N beneficiários por operadora, em massa (para benchmarks).")
        parser.add_argument("--json", action="store_true", help="Imprime os dados da demonstração em JSON.")
        parser.add_argument("--logins", action="store_true", help="Imprime os logins da demonstração.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] < 0:
            raise CommandError("--scale deve ser um número inteiro não negativo.")
        if not TermoTUSS.objects.exists():
            carregar_tabelas_tuss()
        registro = demo_cadastros.criar()
        equipe = demo_acessos.criar(registro)
        demo_autorizacoes.criar(registro)
        demo_faturamento.criar(registro)
        demo_contas.criar(registro)
        if options["scale"]:
            for operadora in registro.operadoras:
                demo_cadastros.criar_beneficiarios_em_massa(operadora=operadora, quantidade=options["scale"])
        dados = self._dados(registro, equipe)
        if options["json"]:
            self.stdout.write(json.dumps(dados, ensure_ascii=False, indent=2))
        elif options["logins"]:
            self._imprimir_logins(dados)
        else:
            self.stdout.write("Dados de demonstração prontos.")

    def _dados(self, registro: demo_cadastros.DemoRegistro, equipe: list[demo_acessos.LoginDemo]) -> dict[str, Any]:
        operadoras = []
        for operadora in registro.operadoras:
            credenciamentos = (
                Credenciamento.objects.filter(operadora=operadora, prestador__in=registro.prestadores.values())
                .select_related("prestador").order_by("codigo_na_operadora")
            )
            operadoras.append({
                "registro_ans": operadora.registro_ans,
                "nome": operadora.nome_fantasia,
                "prestadores": [
                    {"codigo": c.codigo_na_operadora, "cpf_cnpj": c.prestador.cpf_cnpj, "nome": str(c.prestador),
                     "tipo": c.prestador.tipo, "login": c.prestador.cpf_cnpj,
                     "senha": demo_acessos.SENHA_PRESTADOR}
                    for c in credenciamentos
                ],
                "carteiras": registro.carteiras_ativas[operadora.registro_ans],
            })
        return {
            "operadoras": operadoras,
            "staff": [{"login": e.login, "senha": e.senha, "papel": e.papel, "totp_secret": e.totp_secret}
                      for e in equipe],
        }

    def _imprimir_logins(self, dados: dict[str, Any]) -> None:
        self.stdout.write("\nLogins de demonstração")
        self.stdout.write("  Portal do prestador: http://127.0.0.1:8000/portal/  (login = CPF/CNPJ)")
        vistos = set()
        for operadora in dados["operadoras"]:
            for p in operadora["prestadores"]:
                if p["login"] not in vistos:
                    vistos.add(p["login"])
                    self.stdout.write(f"    {p['login']:<16} {p['senha']:<18} {p['nome']} ({p['tipo']})")
        self.stdout.write("  Retaguarda da operadora: http://127.0.0.1:8000/operadora/  e /admin/")
        for e in dados["staff"]:
            self.stdout.write(f"    {e['login']:<16} {e['senha']:<18} {e['papel']:<20} TOTP: {e['totp_secret']}")
        self.stdout.write("  A equipe entra com um segundo fator (TOTP): cadastre o segredo num aplicativo autenticador,")
        self.stdout.write("  ou gere o código da vez com: .venv/bin/python -c \"import pyotp; print(pyotp.TOTP('SEGREDO').now())\"")
        self.stdout.write("")
