"""The staff second factor: TOTP (RFC 6238, 30-second steps, 6 digits) with pyotp, the enrolment QR code with
qrcode (inline SVG), and replay protection (a code's time step is used once)."""

import hmac
import time

import pyotp
import qrcode
import qrcode.image.svg

EMISSOR = "Operadora Aberta"
TOLERANCIA_PASSOS = 1  # accepts the previous and the next 30-second code (clock drift)


def novo_segredo() -> str:
    return pyotp.random_base32()


def uri_de_provisionamento(*, segredo: str, login: str) -> str:
    return pyotp.TOTP(segredo).provisioning_uri(name=login, issuer_name=EMISSOR)


def qr_svg(uri: str) -> str:
    imagem = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return imagem.to_string(encoding="unicode")


def passo_do_codigo(*, segredo: str, codigo: str, agora: float | None = None) -> int | None:
    """The time step the code belongs to (within the tolerance), or None when it is not valid."""
    codigo = "".join(c for c in codigo if c.isdigit())
    if len(codigo) != 6:
        return None
    totp = pyotp.TOTP(segredo)
    instante = time.time() if agora is None else agora
    passo_atual = totp.timecode(int(instante))
    for deslocamento in range(-TOLERANCIA_PASSOS, TOLERANCIA_PASSOS + 1):
        if hmac.compare_digest(totp.generate_otp(passo_atual + deslocamento), codigo):
            return passo_atual + deslocamento
    return None
