"""Wording of promise spotting: the private suggestion, its answers and its switches."""

TEXTS: dict[str, dict[str, str]] = {
    "spot_saved": {
        "es": "Anotado como promesa: «{task}», para el {when}.",
        "en": "Saved as a promise: “{task}”, by {when}.",
    },
    "spot_offer": {
        "es": "¿Lo guardo como promesa? {when}",
        "en": "Save it as a promise? {when}",
    },
    "spot_task": {"es": "«{task}»", "en": "“{task}”"},
    "spot_note": {
        "es": "Solo tú ves este mensaje.",
        "en": "Only you can see this.",
    },
    "btn_spot_save": {"es": "Guardar", "en": "Save"},
    "btn_spot_no": {"es": "No", "en": "No"},
    "btn_spot_mute": {"es": "No me sugieras más", "en": "Stop suggesting"},
    "spot_dismissed": {
        "es": "Vale, no la guardo.",
        "en": "Ok, I won't save it.",
    },
    "spot_muted": {
        "es": "Listo: no te sugeriré más promesas. Para volver a activarlas: `/prometo sugerencias on`.",
        "en": "Done: I won't suggest promises any more. To turn suggestions back on: `/promise suggestions on`.",
    },
    "spot_unmuted": {
        "es": "Listo: cuando escribas una promesa con fecha en un canal, te ofreceré guardarla (solo tú ves la sugerencia).",
        "en": "Done: when you write a promise with a date in a channel, I'll offer to save it (only you see the suggestion).",
    },
    "spot_gone": {
        "es": "Esa sugerencia ya no existe.",
        "en": "That suggestion no longer exists.",
    },
    "spot_not_yours": {
        "es": "Esa sugerencia era para otra persona: solo quien escribió el mensaje puede guardarla.",
        "en": "That suggestion was for someone else: only the person who wrote the message can save it.",
    },
    "spot_already_saved": {
        "es": "Ya la guardé: {task}, #{number}.",
        "en": "Already saved: {task}, #{number}.",
    },
    "spot_none": {
        "es": "No tienes sugerencias pendientes. Las promesas que escribes en los canales aparecen aquí para guardarlas.",
        "en": "You have no pending suggestions. Promises you write in channels show up here to be saved.",
    },
    "spot_channel_off": {
        "es": "Listo: en este canal ya no sugeriré promesas a nadie. Para volver a activarlas: `/prometo sugerencias canal on`.",
        "en": "Done: I won't suggest promises to anyone in this channel. To turn them back on: `/promise suggestions channel on`.",
    },
    "spot_channel_on": {
        "es": "Listo: en este canal vuelvo a sugerir guardar las promesas (a cada autor, en privado).",
        "en": "Done: in this channel I'll suggest saving promises again (to each author, privately).",
    },
    "spot_channel_admin": {
        "es": "Solo un administrador o propietario del espacio de trabajo puede cambiar las sugerencias de un canal. Para ti puedes usar `/prometo sugerencias off`.",
        "en": "Only a workspace admin or owner can change suggestions for a channel. For yourself, use `/promise suggestions off`.",
    },
    "spot_channel_where": {
        "es": "Escribe `/prometo sugerencias canal off` en el canal que quieres cambiar.",
        "en": "Type `/promise suggestions channel off` in the channel you want to change.",
    },
    "spot_status": {
        "es": "Sugerencias de promesas para ti: {mine}. En este canal: {here}.\n"
        "Cámbialas con `/prometo sugerencias on` u `off`; un administrador puede apagarlas en un canal con `/prometo sugerencias canal off`.",
        "en": "Promise suggestions for you: {mine}. In this channel: {here}.\n"
        "Change them with `/promise suggestions on` or `off`; an admin can turn them off in a channel with `/promise suggestions channel off`.",
    },
    "spot_status_nowhere": {
        "es": "Sugerencias de promesas para ti: {mine}.\n"
        "Cámbialas con `/prometo sugerencias on` u `off`.",
        "en": "Promise suggestions for you: {mine}.\n"
        "Change them with `/promise suggestions on` or `off`.",
    },
    "spot_state_on": {"es": "activadas", "en": "on"},
    "spot_state_off": {"es": "desactivadas", "en": "off"},
    "console_said_hint": {
        "es": "💬 Dicho en {channel}. Lo que escribes sin / es un mensaje al canal: si suena a una promesa tuya con fecha, te ofrezco guardarla. Para anotar una directamente: `/prometo …`.",
        "en": "💬 Said in {channel}. What you type without a / is a message to the channel: if it reads as a promise of yours with a date, I offer to save it. To record one directly: `/promise …`.",
    },
}
