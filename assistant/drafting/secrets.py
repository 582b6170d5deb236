"""A reply or DM never asks for a secret, however it is worded or in whichever language.

A secret is what signs a person in or moves their money: a password or passcode, a one-time or
verification code (or "the digits we texted you"), a PIN, a full card number or its security code,
a security question's answer, recovery words. A clause that names one and asks for something
(a request to send, share, reply, confirm, "what's", "we need", a question) is blocked unless it
tells the customer to keep it ("never share your code", "no compartas tu contraseña") or a cited
article says it word for word. Instructions that mention one ("tap Forgot password") pass. Agents are held to the same rule: nobody at the brand needs a customer's secret.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.drafting.links import _MENTION
from assistant.text.lookalikes import fold

# Names of secrets in English, Spanish, French, German, Portuguese and Italian, and descriptions of them.
_SECRET = re.compile(
    r"\b(?:pass ?words?|passcodes?|pass ?phrases?|pins?(?: codes?| numbers?)?|one[- ]time (?:pass)?codes?|otps?|2fa|mfa|"
    r"(?:verification|security|login|sign[- ]?in|auth(?:entication)?|access|confirmation|reset|sms|text|6[- ]digit|six[- ]digit|4[- ]digit|four[- ]digit) codes?|"
    r"codes? (?:we|that we|i|they|the bank|your bank|it) (?:just )?(?:sent|texted|emailed|messaged)|codes? (?:from|in) (?:the|your|our|that) (?:text|sms|email|message|app)|"
    r"(?:long )?numbers? on (?:the (?:front|back) of )?your card|"
    r"(?:digits|numbers?) (?:we|that we|i) (?:just )?(?:sent|texted|emailed)|"
    r"(?:full |long |whole |complete |16[- ]digit )?card numbers?|card details|cvv2?|cvc2?|csc|security (?:number|digits)|(?:3|three) digits on the back|"
    r"expiry date|security (?:questions?|answers?)|memorable (?:word|information)|mother'?s maiden name|maiden names?|"
    r"recovery (?:phrase|words|codes?|keys?)|seed (?:phrase|words)|private keys?|backup codes?|log ?in details|sign[- ]in details|credentials|"
    r"contraseñas?|claves?(?: de acceso)?|código(?:s)?(?: de (?:verificación|seguridad|acceso|un solo uso))?|número de (?:la )?tarjeta|pin de|"
    r"mots? de passe|codes? (?:de (?:vérification|sécurité|confirmation)|secrets?|à usage unique)|numéro de (?:la )?carte|cryptogramme|identifiants|"
    r"passw(?:o|ö)rt(?:er)?|kennw(?:o|ö)rt(?:er)?|zugangsdaten|(?:bestätigungs|sicherheits|einmal|sms|tan)-?codes?|pin-?nummer|kartennummer|prüfziffer|"
    r"senhas?|códigos? (?:de (?:verificação|segurança|acesso))|número do cartão|"
    r"codice (?:di verifica|otp|di sicurezza)|numero della carta)\b",
    re.I,
)
# What tells the customer to keep a secret, not to hand it over.
_KEEP = re.compile(
    r"\b(?:never|not|don't|do not|no one|nobody|won't|will not|doesn't|without|keep|private|yourself|"
    r"nunca|jamás|no (?:compartas|envíes|des|pidas|pedimos|pediremos)|nadie|jamais|ne (?:partagez|donnez|communiquez|demandons|demanderons)|personne|"
    r"niemals|nie|nicht|keine|niemand|nunca|não (?:partilhe|compartilhe|envie|pedimos)|ninguém|mai|non)\b",
    re.I,
)
# What asks for something to be handed over (or a question): "send", "reply with", "what's", "we need".
_REQUEST = re.compile(
    r"\?|\b(?:send|sending|share|give|tell|reply|respond|dm|message|provide|confirm|read (?:out|back|it)|post|forward|text|email|e-mail|write|"
    r"what(?:'s| is| are)|whats|let us know|(?:we|i)(?:'ll| will)? (?:need|require)|need (?:your|the|that)|can you|could you|would you|may we|drop|pass|"
    r"verify (?:it|them|your)|check (?:it|them) for you|"
    r"env[ií]a\w*|m[aá]nda\w*|compart[ei]\w*|d[ií]nos|d[ií]ganos|ind[ií]ca\w*|facil[ií]ta\w*|proporcion\w*|confirm[ae]\w*|necesit\w*|cu[aá]l es|"
    r"envoy\w*|donne[rz]?|communique[rz]?|transmet\w*|partage[rz]?|indique[rz]?|dites|besoin|quel est|quelle est|"
    r"send\w*|schick\w*|teil\w*|geben|gib|nenn\w*|mitteil\w*|bestätig\w*|brauch\w*|benötig\w*|wie lautet|verrat\w*|"
    r"envie|mande|partilh\w*|inform\w*|diga|precis\w*|qual [eé]|invia\w*|condividi|comunica\w*|dicci|conferma|bisogno|qual è)\b",
    re.I,
)
_CLAUSE = re.compile(r"[.;:!?\n]+|,\s*(?:but|and|then|so|pero|y|mais|et|aber|und|mas|e|ma)\b|(?<!\s)\s+(?:but|pero|mais|aber|mas|ma)\s+", re.I)


# What we will do ourselves ("we'll email a reset link") is not a request to the customer.
_OURS = re.compile(
    r"\b(?:we|i|it|they|the app)(?:'ll| will| can| may| have|'ve| just| then)*\s+(?:\w+\s+)?(?:email|send|text|message|sent|emailed|texted)\w*", re.I
)


def asks_for_secret(text: str, articles: Sequence[str] = ()) -> str:
    """The words of the first clause of `text` that names a secret without telling the customer to
    keep it, unless a cited article (`articles`) says that clause; '' when there is none."""
    backing = " ".join(" ".join(fold(article).split()) for article in articles)
    for clause in _CLAUSE.split(fold(text)):
        clause = " ".join(clause.split())
        named = _SECRET.search(clause)
        if not named or not _REQUEST.search(_OURS.sub(" ", clause)) or _KEEP.search(clause):
            continue
        said = " ".join(_MENTION.sub(" ", clause).split()).strip(" ,'\"")  # "@dana Toca 'He olvidado mi contraseña'…" quotes the article
        if said and said in backing:
            continue
        return clause.strip()[:100]
    return ""
