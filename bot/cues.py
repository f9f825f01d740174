"""The words that make a chat message a commitment of its author, and how to find them.

Word lists for bot.spotting, on folded text (lower case, no accents). A commitment verb is one
that delivers something to someone: sending, calling, reviewing, fixing. "Tengo", "voy",
"estoy" or "I'll be" say where someone will be, not what they will deliver, so they are not
here: precision first.
"""

from __future__ import annotations

import itertools

from bot.parsing.lexicon import word_set

# Spanish infinitives of verbs that deliver something. Their present first person singular
# ("mando") and future ("mandaré") are built below; irregular forms are listed.
_ES_VERBS = word_set(
    "mandar enviar reenviar pasar llamar telefonear escribir contestar responder revisar mirar"
    " chequear checar verificar compartir terminar acabar completar arreglar corregir solucionar"
    " actualizar subir publicar desplegar lanzar preparar redactar armar hacer entregar devolver"
    " avisar confirmar decir contar comentar hablar consultar preguntar agendar programar"
    " organizar coordinar reservar pagar facturar firmar aprobar probar testear investigar"
    " documentar agregar crear dejar traer llevar mostrar presentar grabar transferir comprar"
    " renovar reprogramar gestionar tramitar empezar comenzar contactar conseguir imprimir"
    " instalar configurar migrar implementar liberar calcular analizar estimar cotizar cerrar"
    " resolver escanear montar cargar reenviar cambiar ajustar limpiar integrar desarrollar"
    " disenar avanzar retomar adelantar depositar cobrar agradecer"
    " invitar citar convocar informar ver dar"
)

# Present first person singular forms that do not follow "stem + o".
_ES_IRREGULAR = {
    "cerrar": "cierro",
    "devolver": "devuelvo",
    "resolver": "resuelvo",
    "probar": "pruebo",
    "mostrar": "muestro",
    "contar": "cuento",
    "comenzar": "comienzo",
    "empezar": "empiezo",
    "corregir": "corrijo",
    "conseguir": "consigo",
    "hacer": "hago",
    "decir": "digo",
    "traer": "traigo",
    "agradecer": "agradezco",
    "dar": "doy",
    "ver": "veo",
}
_ES_FUTURE_IRREGULAR = {"hacer": "hare", "decir": "dire"}

ES_INFINITIVES = frozenset(v for v in _ES_VERBS if v.endswith(("ar", "er", "ir")))


def _first_person(infinitive: str) -> set[str]:
    present = _ES_IRREGULAR.get(infinitive, infinitive[:-2] + "o")
    future = _ES_FUTURE_IRREGULAR.get(infinitive, infinitive + "e")
    return {present, future}


# "mando", "mandare", "envio", "hago", "hare"...
ES_FIRST_PERSON = frozenset(form for v in ES_INFINITIVES for form in _first_person(v))
# "estoy llamando": a present progressive that promises when a time follows
ES_GERUNDS = frozenset(
    v[:-2] + ("ando" if v.endswith("ar") else "iendo") for v in ES_INFINITIVES if len(v) > 3
)
# Second person imperatives ("manda", "pasa", "revisa", "escribe"): a request to someone else
ES_IMPERATIVES = frozenset(
    v[:-2] + ("a" if v.endswith("ar") else "e") for v in ES_INFINITIVES if len(v) > 3
) | word_set("haz di pon dame porfa favor recuerda acuerdate olvides")

# Forms that are also common nouns ("el paso", "un aviso", "el pago"): a verb only when no
# determiner or preposition comes right before (checked for every verb anyway). "la", "los"
# and "las" are left out: before a verb they are pronouns ("los pruebo").
ES_BEFORE_NOUN = word_set(
    "el un una unos unas del al mi mis tu tus su sus este esta ese esa aquel otro"
    " otra cada primer ultimo nuestro nuestra a de en por sin con para que cual"
)
# Subjects that make the verb someone else's: "él lo mando" can only be a misspelt "mandó".
ES_OTHER_SUBJECTS = word_set(
    "el ella ellos ellas usted ustedes cliente clienta equipo proveedor jefe jefa gerente quien"
    " alguien nadie todos"
)
# Verbs that say what one will tell: "te digo algo el jueves", but not "te digo que ..."
ES_INFORM = word_set(
    "aviso confirmo digo cuento comento informo averiguo reviso veo pregunto chequeo checo miro"
    " avisare confirmare dire contare comentare informare"
)
# Reflexive commitments: "me encargo", "me ocupo", "me pongo con ello".
ES_REFLEXIVE = word_set("encargo ocupo pongo comunico contacto")
ES_CLITICS = ("te", "lo", "la", "los", "las", "le", "les", "me", "se", "nos")
ES_READY = word_set("listo lista listos listas terminado terminada hecho hecha")
ES_YOU_HAVE = word_set("tienes tendras tienen tendran teneis tendreis")

# English base forms of verbs that deliver something; "I'll <verb>", "will <verb>".
EN_VERBS = word_set(
    "send resend forward email mail call ring phone ping text message reply respond answer"
    " write review check look read share finish complete wrap fix update upload post"
    " publish ship deploy release push merge prepare draft put submit deliver hand give"
    " follow reach contact talk speak confirm tell ask schedule book set organize organise"
    " arrange handle take sort do make pay invoice file sign approve test investigate circle"
    " touch report document add create build clean close run present record transfer order"
    " buy renew return bring drop pick summarize summarise compile collect install"
    " configure migrate implement double-check start print scan sync"
)
EN_ING = word_set(
    "sending calling emailing pinging reviewing sharing finishing fixing updating uploading"
    " shipping deploying preparing submitting delivering handling paying presenting posting"
    " writing publishing releasing dropping booking confirming"
)
# Words that may sit between "I'll" and its verb.
EN_ADVERBS = word_set(
    "also just definitely certainly then personally quickly still first def totally"
)
EN_READY = word_set("ready done finished over back")
EN_OBJECTS = word_set("it them this that these those")
EN_INFORM = word_set("let confirm tell check see find ask verify look")
# Fillers before a subjectless "Will send it tomorrow".
EN_OPENERS = word_set("ok okay sure yes yep yeah np cool great thanks alright fine")
# A clause that starts with one of these asks someone else: "send it by Friday and ..."
EN_IMPERATIVES = EN_VERBS | word_set("get please pls plz kindly let's lets remember")
# Subjects that make a clause someone else's ("ella te llama el lunes", "he sends it")
SUBJECTS = word_set(
    "tú él ella ellos ellas usted ustedes nosotros nosotras vosotros you he she they we"
)
# What one sends without promising anything: "te mando un abrazo", "sending my love"
GREETINGS = word_set(
    "abrazo abrazos saludo saludos beso besos carinos fuerza love regards hugs hug kisses vibes"
)

# Capitalised words before a verb that are no one's name: "Hoy mando", not "Juan mando".
_OPENERS = word_set(
    "ok okay dale listo si yo hoy manana perfecto va bueno vale claro hola gracias sale"
    " entonces ya genial pasado luego despues ahora ahorita tranqui esta este para antes"
    " lunes martes miercoles jueves viernes sabado domingo te le les lo la los las se nos os"
    " monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight next"
    " this thanks great perfect fine noted done right yep yeah yes sure no i i'll i'm me"
)
# "I'll get <one of these>" delivers: "get back to you", "get it to you", "get the numbers".
_AFTER_GET = word_set("back it them this that you to the a your those these on started going in")


def first(tokens: list[str], words: list[tuple[int, str]], original: str) -> int | None:
    """The index of the first word (of folded `tokens` at `words` positions) that commits the
    author, or None. `original` is the unfolded text, for accents and capitals."""
    for i, token in enumerate(tokens):
        if _spanish_cue(tokens, i, token, words, original) or _english_cue(tokens, i, token):
            return i
    return None


def _spanish_cue(
    t: list[str], i: int, token: str, words: list[tuple[int, str]], original: str
) -> bool:
    prev = t[i - 1] if i else ""
    after = t[i + 1] if i + 1 < len(t) else ""
    if token in ES_FIRST_PERSON:
        if prev in ES_BEFORE_NOUN or prev in ES_OTHER_SUBJECTS:
            return False  # "el paso", "un aviso", "ella lo reviso" (a misspelt "revisó")
        if prev == "me" and (token, after) != ("hago", "cargo"):
            return False  # reflexive: "me hago millonario" is not "te lo hago"
        start = words[i][0]
        if original[start + len(token) - 1 : start + len(token)] in ("ó", "Ó"):
            return False  # "mandó": someone else, in the past
        if i and named(words[i - 1], original, prev):
            return False  # "Juan mando": a misspelt "mandó"
        if token in ES_INFORM and after == "que":
            return False  # "te digo que ..." tells now; "te digo algo el jueves" promises
        if original[start + len(token) : start + len(token) + 1] == ":":
            return False  # "Aviso: mañana cortan el agua" is a heading
        if token == "veo":
            return prev in ("lo", "la", "los", "las")
        return True
    if token == "voy":
        return after == "a" and i + 2 < len(t) and _infinitive(t[i + 2])
    if token == "estoy":  # "el lunes a las 9 estoy llamando al proveedor"
        return after in ES_GERUNDS
    if token in ("prometo", "juro"):
        return True
    if prev == "me" and (token == "comprometo" or token in ES_REFLEXIVE):
        return True
    if token == "quedo":
        return after == "en" and i + 2 < len(t) and _infinitive(t[i + 2])
    if token in ES_YOU_HAVE:
        return prev in ("lo", "la", "los", "las")
    if token in ("tengo", "tendre"):  # "lo tengo listo el viernes", "te lo tendré"
        return _ready(t, i) or (token == "tendre" and prev in ("lo", "la", "los", "las"))
    return token == "cuenta" and after == "con" and t[i + 2 : i + 3] in (["ello"], ["eso"])


def _english_cue(t: list[str], i: int, token: str) -> bool:
    after = t[i + 1 : i + 4]
    if token == "i'll":
        return _english_verb(t, i + 1)
    if token == "i" and after[:1] in (["will"], ["shall"]):
        return _english_verb(t, i + 2)
    if token in ("i'm", "im") or (token == "i" and after[:1] == ["am"]):
        rest = t[i + 1 :] if token != "i" else t[i + 2 :]
        if rest[:2] == ["going", "to"]:
            return _english_verb(t, len(t) - len(rest) + 2)
        if rest[:1] == ["gonna"]:
            return _english_verb(t, len(t) - len(rest) + 1)
        return bool(rest) and rest[0] in EN_ING
    if token == "will":
        opened = all(w in EN_OPENERS for w in t[:i])
        return opened and _english_verb(t, i + 1)
    if token in ("you'll",) or (token == "you" and after[:1] == ["will"]):
        verb, rest = (after[:1], after[1:2]) if token == "you'll" else (after[1:2], after[2:3])
        return verb in (["have"], ["get"], ["receive"]) and rest != ["to"]
    if token == "let" and after[:1] == ["me"]:
        return len(after) > 1 and after[1] in EN_VERBS
    if token == "i" and after[:1] in (["promise"], ["commit"], ["swear"]):
        return True
    return (token, *after[:2]) in (("count", "on", "me"), ("leave", "it", "with"))


def _english_verb(t: list[str], j: int) -> bool:
    """Whether the words from `j` on are a verb that delivers: "send it", "have it ready"."""
    while j < len(t) and t[j] in EN_ADVERBS:
        j += 1
    if j >= len(t):
        return False
    verb, rest = t[j], t[j + 1 : j + 7]
    if verb == "be":
        return rest[:1] in (["done"], ["ready"], ["finished"])
    if verb == "have":
        pairs = set(itertools.pairwise(rest))
        return (
            (rest[:1] != [] and rest[0] in EN_OBJECTS)
            or any(w in EN_READY for w in rest)
            or bool(pairs & {("for", "you"), ("to", "you")})
            or (rest[:1] in (["a"], ["the"], ["your"]) and "by" in rest)
        )
    if verb == "get":
        return rest[:1] != [] and rest[0] in _AFTER_GET
    if verb == "let":
        return "know" in rest[1:3]
    return verb in EN_VERBS


def _infinitive(word: str) -> bool:
    """Whether `word` is a commitment infinitive, clitics allowed: "mandártelo", "revisarlo"."""
    for _ in range(3):
        if word in ES_INFINITIVES:
            return True
        for clitic in ES_CLITICS:
            if word.endswith(clitic) and len(word) > len(clitic) + 3:
                word = word[: -len(clitic)]
                break
        else:
            return False
    return word in ES_INFINITIVES


def _ready(t: list[str], i: int) -> bool:
    return any(w in ES_READY for w in t[i + 1 : i + 5])


def named(word: tuple[int, str], original: str, folded_word: str) -> bool:
    """Whether the word before a verb is a name ("Juan mando"), not an opener ("Hoy mando")."""
    first = original[word[0] : word[0] + 1]
    return first.isupper() and folded_word not in _OPENERS and folded_word not in ES_BEFORE_NOUN


def imperative(word: str) -> bool:
    """Whether `word` asks someone to act: "manda", "pásame", "mándamelo"."""
    for _ in range(3):
        if word in ES_IMPERATIVES:
            return True
        for clitic in ES_CLITICS:
            if word.endswith(clitic) and len(word) > len(clitic) + 2:
                word = word[: -len(clitic)]
                break
        else:
            return False
    return word in ES_IMPERATIVES
