"""The words that make a chat message a commitment of its author: first-person verbs, es and en.

Word lists for bot.spotting, on folded text (lower case, no accents). A commitment verb is one
that delivers something to someone: sending, calling, reviewing, fixing. "Tengo", "voy",
"estoy" or "I'll be" say where someone will be, not what they will deliver, so they are not
here: precision first.
"""

from __future__ import annotations

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
