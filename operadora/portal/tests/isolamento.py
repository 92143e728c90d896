"""Objects of a given provider for the isolation tests (see operadora/core/testing.py)."""

from operadora.core.testing import criar_usuario_do_portal, objeto_de_prestador
from operadora.portal.models import MensagemOperadora


@objeto_de_prestador("mensagem_id")
def mensagem(prestador, operadora):
    item = MensagemOperadora.objects.create(operadora=operadora, titulo=f"Só para {prestador}", texto="Reservada.",
                                            para_todos=False)
    item.prestadores.add(prestador)
    return item


@objeto_de_prestador("representante_id")
def representante(prestador, operadora):
    from stdnum.br import cpf

    base = f"{prestador.pk % 10**9:09d}"
    login = next(base + f"{dv:02d}" for dv in range(100) if cpf.is_valid(base + f"{dv:02d}"))
    return criar_usuario_do_portal(prestador, login=login, representante=True,
                                   permissoes=["faturamento"])
