"""`operadora limpar_arquivos_orfaos [--horas N] [--apagar]`: the uploaded files no row references (left by code
that stored files before `core.armazenamento`, or by a process killed mid-request). Lists them; `--apagar` deletes
them (audited)."""

import datetime
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from operadora.core import armazenamento


class Command(BaseCommand):
    help = "Lista (ou, com --apagar, apaga) os arquivos enviados que nenhum registro referencia."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--horas", type=int, default=24, metavar="N",
                            help="Só arquivos modificados há mais de N horas (padrão 24): os mais novos podem ser "
                                 "de uma transação ainda aberta.")
        parser.add_argument("--apagar", action="store_true", help="Apaga os arquivos listados.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["horas"] < 1:
            raise CommandError("--horas deve ser um número inteiro maior que zero.")
        idade = datetime.timedelta(hours=options["horas"])
        if options["apagar"]:
            orfaos = armazenamento.apagar_arquivos_orfaos(mais_antigos_que=idade)
            verbo = "apagado(s)"
        else:
            orfaos = armazenamento.arquivos_orfaos(mais_antigos_que=idade)
            verbo = "sem registro (use --apagar para apagá-los)"
        for nome in orfaos:
            self.stdout.write(nome)
        self.stdout.write(f"{len(orfaos)} arquivo(s) {verbo}.")
