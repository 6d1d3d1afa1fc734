/**
 * The English message catalog: the reference every other locale must match key for key.
 * Placeholders are `{name}`.
 *
 * @module
 */
import { enAdmin } from "./en_admin.ts";
import { enLeaderboard } from "./en_leaderboard.ts";
import { enWeb } from "./en_web.ts";

export const en = {
  ...enAdmin,
  ...enLeaderboard,
  ...enWeb,
  "common.footer": "EvoLadderBot • SC: Evo Complete Ladder Bot",
  "common.close": "Close",
  "common.cancel": "Cancel",
  "common.confirm": "Confirm",
  "common.tryAgain": "Try Again",
  "common.restart": "Restart",
  "common.none": "None",
  "common.notSet": "Not set",
  "common.cancelled.title": "✖️ Cancelled",
  "common.cancelled.body": "Nothing was changed.",

  "guard.dmOnly.title": "❌ DM Only Command",
  "guard.dmOnly.body":
    "This bot's commands can only be used in DMs. Open a direct message with the bot and run the command there.",
  "guard.banned.title": "🚫 Account Banned",
  "guard.banned.body":
    "Your account has been banned from using this bot. If you believe this is in error, please contact an administrator.",
  "guard.tos.title": "❌ Terms of Service Required",
  "guard.tos.body": "You must accept the Terms of Service first. Use `/termsofservice` to read and accept them.",
  "guard.setup.title": "❌ Profile Setup Required",
  "guard.setup.body": "Complete your player profile with `/setup` before using this command.",
  "guard.adminOnly.title": "❌ Admins Only",
  "guard.adminOnly.body": "Only ladder admins can use this command.",
  "guard.guildOnly.body": "Admin commands work only in the admin server.",

  "error.title": "❌ Something Went Wrong",
  "error.internal":
    "Something went wrong while handling this. Please try again in a moment; if it keeps happening, tell an admin and quote `{ref}`.",
  "error.ladderUnavailable": "The ladder is not available on this bot right now. Please try again later.",
  "error.shuttingDown": "The bot is restarting. Please try again in a minute.",
  "error.staleComponent": "This button or menu is no longer valid. Run the command again.",
  "error.saveFailed": "Your changes could not be saved. Please try again in a moment.",

  "tos.title": "📋 Terms of Service, User Conduct, Privacy Policy, Refund Policy",
  "tos.body":
    "Before you use the SC: Evo Complete Ladder Bot, please read our Terms of Service, User Conduct rules, Privacy Policy and Refund Policy:\n{url}\nMirror: {mirror}\n\nBy pressing **I Accept These Terms** you agree to them.",
  "tos.accept": "I Accept These Terms",
  "tos.decline": "I Decline These Terms",
  "tos.accepted.title": "✅ Terms of Service Confirmed",
  "tos.accepted.body": "Thank you! Next, set up your player profile with `/setup`.",
  "tos.accepted.footer": "You may now use all SC: Evo Complete Ladder Bot features.",
  "tos.declined.title": "❌ Terms of Service Declined",
  "tos.declined.body":
    "You declined the Terms of Service, so the bot's commands stay locked. Use `/termsofservice` whenever you want to accept them.",

  "setup.modal.title": "Player Setup",
  "setup.modal.mainId": "User ID",
  "setup.modal.mainId.placeholder": "Your in-game name: 3-12 English letters",
  "setup.modal.battletag": "BattleTag",
  "setup.modal.battletag.placeholder": "e.g. Name#1234",
  "setup.modal.alt": "Alternative ID {n} (optional)",
  "setup.modal.alt.placeholder": "3-12 characters, any language",
  "setup.invalid.mainId": "❌ Invalid User ID",
  "setup.invalid.battletag": "❌ Invalid BattleTag",
  "setup.invalid.alt": "❌ Invalid Alternative ID {n}",
  "setup.invalid.duplicate": "❌ Duplicate IDs",
  "setup.invalid.body": "**Error:** {error}\n\nPlease try again.",
  "setup.taken.mainId.title": "❌ User ID Taken",
  "setup.taken.mainId.body":
    "The User ID **{value}** is already used by another player. Choose another one; if it is really yours, contact an admin.",
  "setup.taken.battletag.title": "❌ BattleTag Taken",
  "setup.taken.battletag.body":
    "The BattleTag **{value}** is already used by another player. Check it; if it is really yours, contact an admin.",
  "setup.select.title": "⚙️ Setup - Country & Region Selection",
  "setup.select.body":
    'Choose your country of citizenship/nationality and your region of residency.\n\nOnly the 49 most common countries are listed. If yours is missing, pick **Other** and use `/setcountry` afterwards (also for "Non-representing").',
  "setup.select.selected": "**Selected:**",
  "setup.select.countryLine": "Country: {value}",
  "setup.select.regionLine": "Region: {value}",
  "setup.select.countryPlaceholder": "Choose your country ({page}/2)",
  "setup.select.regionPlaceholder": "Choose your region of residency",
  "setup.select.missing": "❌ Please select both country and region before confirming.",
  "setup.preview.title": "🔍 Preview Setup Information",
  "setup.preview.body": "Please review your information. Press **Confirm** to save it.",
  "setup.done.title": "✅ Setup Complete!",
  "setup.done.body": "Your profile is saved. See `/help` for what to do next.",
  "setup.cancelled": "Setup cancelled. You can use `/setup` again when ready.",

  "field.userId": "🆔 User ID",
  "field.battletag": "#️⃣ BattleTag",
  "field.country": "{flag} Country of Citizenship/Nationality",
  "field.region": "{globe} Region of Residency",
  "field.altIds": "🆔 Alternative IDs",

  "validation.mainId.empty": "User ID cannot be empty",
  "validation.mainId.tooShort": "User ID must be at least 3 characters long",
  "validation.mainId.tooLong": "User ID cannot exceed 12 characters",
  "validation.mainId.letters": "Main ID must contain only English letters (A-Z, a-z) and be at least 3 characters long",
  "validation.battletag.empty": "BattleTag cannot be empty",
  "validation.battletag.separator": "BattleTag must contain exactly one '#' separator",
  "validation.battletag.name": "Username part must be 1-12 characters",
  "validation.battletag.digits": "Numbers part must contain only digits",
  "validation.battletag.digitsLength": "Numbers part must be 3-12 digits",
  "validation.alt.tooShort": "Alternative ID must be at least 3 characters long",
  "validation.alt.tooLong": "Alternative ID cannot exceed 12 characters",
  "validation.duplicate": "All IDs must be unique.",

  "setcountry.invalid.title": "❌ Invalid Country Selection",
  "setcountry.invalid.body": "**{value}** is not a country in the list. Start typing and pick one of the suggestions.",
  "setcountry.preview.title": "🔍 Preview Country Selection",
  "setcountry.preview.body": "Press **Confirm** to save your country.",
  "setcountry.done.title": "✅ Country Updated",
  "setcountry.done.body": "Your country is now {flag} {name} ({code}).",

  "profile.title.complete": "✅ Player Profile: {name}",
  "profile.title.incomplete": "⚠️ Player Profile: {name}",
  "profile.basic": "📋 Basic Information",
  "profile.basic.value":
    "**User ID:** {mention}\n**Player Name:** {name}\n**BattleTag:** {battletag}\n**Alt IDs:** {alts}",
  "profile.location": "{globe} Location",
  "profile.location.value": "**Citizenship/Nationality:** {country}\n**Region of Residence:** {region}",
  "profile.mmr": "🎮 MMR Information",
  "profile.mmr.none": "No ranked games played yet. Join the queue to start your MMR journey!",
  "profile.status": "📊 Account Status",
  "profile.status.value":
    "{tos} Terms of Service accepted\n{setup} Setup completed\n🚫 {aborts}/3 match aborts remaining",
  "profile.footer": "Discord ID: {username} • {id}",

  "help.title": "📖 SC: Evo Complete Ladder - Help",
  "help.body":
    "The 1v1 ladder of the SC: Evo Complete arcade mod: every match is a Brood War race against a StarCraft II race. Talk to me here in DMs.",
  "help.commands": "Commands",
  "help.commands.value":
    "`/termsofservice` read and accept the terms (needed first)\n`/setup` set your User ID, BattleTag, alternative IDs, country and region\n`/setcountry` change your country (all countries)\n`/profile` see your profile and ratings\n`/leaderboard` see the rankings\n`/queue` look for a match\n`/prune` delete my old messages in this chat\n`/help` this message",
  "help.match": "How a match works",
  "help.match.value":
    "1. `/queue`: pick a BW race and/or an SC2 race, veto up to 4 maps, join.\n2. When a match is found, confirm within 60 seconds.\n3. Meet your opponent in the in-game channel shown, create the lobby with the map and settings shown, and play.\n4. Upload the replay here: it reports the result. If that is impossible, report the result with the buttons.",
  "help.links": "Links",
  "help.links.value": "Terms of Service: {url}",

  "prune.none.title": "✅ No Messages to Prune",
  "prune.none.body": "There are no messages of mine older than 3 hours in this chat.",
  "prune.confirm.title": "🗑️ Confirm Message Deletion",
  "prune.confirm.body":
    "{count} old message(s) will be deleted.\nOldest: {oldest}\nNewest: {newest}\nEstimated time: about {seconds} s.",
  "prune.progress.title": "🗑️ Pruning in Progress…",
  "prune.progress.body": "Deleting {count} old message(s)…",
  "prune.done.title": "✅ Messages Pruned",
  "prune.done.body": "Deleted {deleted} old message(s).",
  "prune.done.failed": "⚠️ Failed to delete {failed} message(s).",

  "replay.noMatch.title": "📎 No Match for This Replay",
  "replay.noMatch.body":
    "You are not in a confirmed ladder match, so this replay cannot be attached to one. Upload it here while your match is in progress.",

  "command.termsofservice": "Show the terms of service",
  "command.setup": "Set up your player profile for matchmaking",
  "command.setcountry": "Set or update your country",
  "command.setcountry.country": "Your country of citizenship/nationality",
  "command.profile": "View your player profile",
  "command.help": "How the ladder works and what each command does",
  "command.prune": "Delete old bot messages (older than 180 minutes) to reduce lag",
  "command.admin": "Ladder administration",
  "command.admin.snapshot": "Show the state of the ladder",

  "command.queue": "Join the matchmaking queue",

  "queue.title": "🎮 Matchmaking Queue",
  "queue.body":
    "Pick at most one Brood War race and at most one StarCraft II race (at least one), veto up to 4 maps, then press **Join Queue**. Your choices are remembered.",
  "queue.races": "Selected Races",
  "queue.bwLine": "- Brood War: {race}",
  "queue.sc2Line": "- StarCraft II: {race}",
  "queue.vetoes": "Vetoed Maps ({n}/{max})",
  "queue.noVetoes": "No vetoes",
  "queue.bwPlaceholder": "Select your Brood War race (max 1)",
  "queue.sc2Placeholder": "Select your StarCraft II race (max 1)",
  "queue.vetoPlaceholder": "Select maps to veto (max {max})",
  "queue.join": "Join Queue",
  "queue.clear": "Clear All Selections",
  "queue.leave": "Cancel Queue",
  "queue.noRace": "You must select at least one race before joining the queue.",
  "queue.inMatch": "You cannot queue while you are in a match. Finish or report it first.",
  "queue.cooldown": "You missed a match confirmation with no aborts left: you can queue again later.",
  "queue.searching.title": "🔍 Searching...",
  "queue.searching.body":
    "The queue is searching for a game.\nSearch interval: 45 seconds\nNext match wave: {next}\n\nCurrent players queueing:\n- Brood War: {bw}\n- StarCraft II: {sc2}\n- Both: {both}",
  "queue.left.title": "✖️ Left the Queue",
  "queue.left.body": "You are no longer queueing. Use `/queue` to search again.",

  "queue.matched.title": "⚔️ Match #{id} Found",
  "queue.matched.body": "You are no longer queueing: match #{id} was found for you. See the match messages below.",
  "match.found.title": "⚔️ Match #{id} Found!",
  "match.found.body":
    "A match has been found for you:\n{a}\nvs\n{b}\n\nPress **Confirm Match** to proceed, or **Abort Match** to cancel. Full match details are shown once **both** players confirm.\nConfirmation deadline: {deadline}",
  "match.confirm": "Confirm Match",
  "match.abort": "Abort Match ({n} left this month)",
  "match.confirmed.title": "✅ Match #{id} - You Confirmed",
  "match.confirmed.body": "Waiting for your opponent to confirm.",
  "match.opponentConfirmed.title": "✅ Match #{id} - Your Opponent Confirmed",
  "match.opponentConfirmed.body": "Your opponent, **{name}**, confirmed the match. Confirm yours to start.",
  "match.reminder.title": "⏰ Match #{id} Confirmation Reminder",
  "match.reminder.body": "You need to confirm your match or abort it before the deadline: use the buttons below.",
  "match.resultReminder.title": "⏰ Match #{id} Result Reminder",
  "match.resultReminder.body":
    "Your match has no result yet. Upload the replay here, or report the result with the buttons on the match message.",
  "match.details.title": "⚔️ Match #{id} Confirmed",
  "match.details.body": "Both players confirmed. Create the lobby with the settings below and play.",
  "match.players": "👥 Players",
  "match.aka": "(a.k.a. {ids})",
  "match.settings": "🌐 Match Information and Settings",
  "match.map": "Map: {map}\nMap Link: {link}",
  "match.mod": "Mod: {mod}\nMod Link: {link}",
  "match.server": "Server: {server}",
  "match.channel": "In-Game Channel: {channel}",
  "match.lobby": "Locked Alliances: Yes\nGame Privacy: Normal\nGame Speed: Faster\nGame Duration: Infinite",
  "match.replay": "🎞️ Report the Result",
  "match.replay.body":
    "Upload the `.SC2Replay` file in this DM after the game: it reports the result for both players. If that is not possible, report it with the buttons below.",
  "match.viewer": "Match message for {id}",
  "match.report.win": "I won",
  "match.report.loss": "I lost",
  "match.report.draw": "Draw",
  "match.reportConfirm.title": "📝 Match #{id} - Confirm Your Report",
  "match.reportConfirm.body": "You are reporting: **{choice}**. Confirm?",
  "match.reported.title": "📝 Match #{id} - Report Recorded",
  "match.reported.body": "Your report was recorded. The match completes when your opponent reports the same result.",
  "match.opponentReported.title": "📝 Match #{id} - Your Opponent Reported",
  "match.opponentReported.body": "**{name}** reported: **{choice}**. Upload the replay or report your result.",
  "match.refused.title": "❌ Match #{id}",
  "match.refused.body": "This did not change the match: {reason}.",
  "match.notYours": "this is not your match",
  "match.shield.title": "⚠️ Shield Battery Bug",
  "match.shield.body":
    "A Brood War Protoss plays in this match. Shield Batteries can crash or freeze the game with high graphics settings: set **Effects** to **Low** (or `splatlod=0` in Variables.txt) and restart the game before you play.",
  "match.shield.button": "I Understand",
  "match.shield.acknowledged": "Acknowledged",
  "match.onMap": "Map: {map}",
  "match.outcome.completed": "🏆 Match #{id} Result Finalized",
  "match.outcome.conflict": "⚠️ Match #{id} Result Conflict",
  "match.outcome.aborted": "🛑 Match #{id} Aborted",
  "match.outcome.abandoned": "🛑 Match #{id} Abandoned",
  "match.outcome.expired": "⌛ Match #{id} Expired",
  "match.outcome.invalidated": "🚫 Match #{id} Invalidated",
  "match.outcome.winner": "Result: 🏆 **{name}** won",
  "match.outcome.draw": "Result: ⚖️ **Draw**",
  "match.outcome.changes": "MMR changes:\n- {a}\n- {b}",
  "match.outcome.reports": "Reported results:\n- {a}\n- {b}",
  "match.outcome.conflictBody":
    "The reported results do not agree. **No MMR changes have been applied.** Ladder staff have been alerted; contact them to resolve this dispute.",
  "match.outcome.abortedBy": "The match was aborted by **{name}**. No MMR changes were applied.",
  "match.outcome.abortedSelf": "You aborted the match. One abort was used.",
  "match.outcome.abandonedBody":
    "The match was abandoned because it was not confirmed in time. Each player who did not confirm was charged an abort.",
  "match.outcome.expiredBody": "No result was reported within the time limit. No MMR changes were applied.",
  "match.outcome.invalidatedBody": "An admin invalidated this match. No MMR changes apply.",

  "replay.received.title": "📥 Replay Received",
  "replay.received.body": "Checking the replay for match #{id}…",
  "replay.checks.title": "🎞️ Match #{id} Replay Check",
  "replay.checks.passed": "All critical checks passed: the match result comes from this replay.",
  "replay.checks.failed":
    "The replay cannot report this match: {reasons}. Report the result with the buttons on the match message; admins can see this replay.",
  "replay.checks.undecided":
    "The replay is valid but does not show a winner. Report the result with the buttons on the match message.",
  "replay.checks.line": "{mark} {check}: expected {expected}, found {found}",
  "replay.duplicate": "This replay was already uploaded for match #{id}; its check is above.",
  "replay.tooLarge": "The file is larger than {max} MB.",
  "replay.unreadable.title": "❌ Replay Could Not Be Read",
  "replay.unreadable.body": "The file is not a replay this bot can read ({code}). Upload the `.SC2Replay` file itself.",
  "replay.notConfirmed.title": "📎 Match Not Confirmed Yet",
  "replay.notConfirmed.body": "Both players must confirm match #{id} before a replay can be uploaded.",
} as const;

/** A message id. */
export type MessageKey = keyof typeof en;
