from django.core.management.base import BaseCommand

from operadora.registry.services import carregar_tabelas_tuss


class Command(BaseCommand):
    help = "Carrega ou atualiza as tabelas TUSS (18, 19, 20, 22) e de domínio TISS (23, 24, 26, 38, …)."

    def handle(self, *args: object, **options: object) -> None:
        resultado = carregar_tabelas_tuss()
        tabelas = ", ".join(f"{t}: {n}" for t, n in resultado.por_tabela.items())
        self.stdout.write(
            f"Tabelas TUSS/TISS: {resultado.inseridos} inserido(s), {resultado.atualizados} atualizado(s), "
            f"{resultado.inalterados} inalterado(s). Por tabela: {tabelas}."
        )
