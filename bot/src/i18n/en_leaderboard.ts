/**
 * English messages of the leaderboard screens and of the profile's statistics (merged into `en.ts`; Korean in
 * `ko_leaderboard.ts`).
 *
 * @module
 */
export const enLeaderboard = {
  "command.leaderboard": "View the ladder rankings",

  "lb.title": "🏆 Player Leaderboard",
  "lb.filters": "**Race:** `{races}`\n**Country:** `{countries}`\n**Rank:** `{ranks}`\n**Best race only:** {best}",
  "lb.all": "All",
  "lb.yes": "Yes",
  "lb.no": "No",
  "lb.col.rank": "Rank",
  "lb.col.pos": "#",
  "lb.col.letter": "L",
  "lb.col.race": "Race",
  "lb.col.country": "CC",
  "lb.col.name": "Name",
  "lb.col.rating": "MMR",
  "lb.legend": "Rank: global rank · #: position in this list · L: letter rank",
  "lb.empty": "No players found.",
  "lb.footer": "Page {page}/{pages} • {count} players",
  "lb.footer.inactive":
    "⚠️ Players who have not played in the last 2 weeks are not ranked or displayed on the leaderboard.",
  "lb.footer.over":
    "⚠️ Over 1000 players match these filters. Due to Discord UI limitations, only the top 1000 are displayed.",
  "lb.prev": "Previous Page",
  "lb.next": "Next Page",
  "lb.jump": "Go to Page",
  "lb.best": "Best Race Only",
  "lb.clear": "Clear All Filters",
  "lb.racePlaceholder": "Filter by race (multiselect)...",
  "lb.rankPlaceholder": "Filter by rank (multiselect)...",
  "lb.countryPlaceholder": "Filter by country ({part}/2)...",
  "lb.rankOption": "{letter}-Rank",
  "lb.country.other": "Other (all other countries)",
  "lb.jump.title": "Go to Page",
  "lb.jump.label": "Page (1–{pages})",
  "lb.race.bw_terran": "BW Terran",
  "lb.race.bw_zerg": "BW Zerg",
  "lb.race.bw_protoss": "BW Protoss",
  "lb.race.sc2_terran": "SC2 Terran",
  "lb.race.sc2_zerg": "SC2 Zerg",
  "lb.race.sc2_protoss": "SC2 Protoss",

  "profile.overall": "📈 Overall Statistics",
  "profile.overall.value":
    "**Total Games:** {games}\n**Record:** {record}\n**Win Rate:** {rate}\n**Last Played:** {last}",
  "profile.bw": "{logo} Brood War MMR",
  "profile.sc2": "{logo} StarCraft II MMR",
  "profile.race.line": "- {rankEmote} {raceEmote} **{race}:** {rating} MMR • {record} ({rate}) • {rank}",
  "profile.race.ranked": "{letter}-Rank #{global}",
  "profile.race.unranked": "Unranked",
  "profile.race.windows": "  Last 14 days: {d14}\n  Last 30 days: {d30}\n  Last 90 days: {d90}\n  Last Played: {last}",
  "profile.race.none": "- {raceEmote} **{race}:** No MMR • No games played",
  "profile.never": "Never",
} as const;
