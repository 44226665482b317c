// The corridor of a route option: the rules of corridor.assignment.choice.classify_corridor, on the
// option's chain as the API answers it (tests/web/test_options.py checks both agree option by option).

const NORTHERN_COUNTRIES = new Set(["RU", "BY"]);
const SOUTHERN_COUNTRIES = new Set(["IR"]);
const MIDDLE_COUNTRIES = new Set(["AZ", "GE"]);
const CENTRAL_ASIA = new Set(["KZ", "TM", "UZ"]);
const CASPIAN_PORTS = new Set(["KZAAU", "KZ-KURYK", "TMKRW", "AZ-ALAT"]);

/** Display order and names of the corridors. */
export const CORRIDORS = [
  ["middle", "Middle Corridor", "Trans-Caspian: Kazakhstan, the Caspian ferries, the Caucasus"],
  ["northern", "Northern Corridor", "through Russia and Belarus"],
  ["southern", "Southern Corridor", "through Iran"],
  ["sea", "Sea", "by sea (Suez or the Cape), or sea-led"],
];

/**
 * Russia or Belarus: northern. Iran: southern. A Caspian port, or Azerbaijan or Georgia together
 * with Kazakhstan, Turkmenistan or Uzbekistan: middle. Otherwise a sea leg, or neither rail nor
 * road: sea; an all-land option (rail or truck): middle.
 */
export function classifyCorridor(countries, modes, nodeIds = []) {
  const crossed = new Set(countries);
  const any = (set) => [...crossed].some((c) => set.has(c));
  if (any(NORTHERN_COUNTRIES)) return "northern";
  if (any(SOUTHERN_COUNTRIES)) return "southern";
  if (nodeIds.some((n) => CASPIAN_PORTS.has(n)) || (any(MIDDLE_COUNTRIES) && any(CENTRAL_ASIA))) return "middle";
  if (modes.includes("sea") || !(modes.includes("rail") || modes.includes("road"))) return "sea";
  return "middle";
}

/** The corridor of an option answered with its chain (``include=chain``). */
export function optionCorridor(option) {
  const legs = (option.chain?.elements || []).filter((e) => e.type === "leg");
  const modes = legs.map((e) => e.mode);
  const nodes = legs.flatMap((e) => ((e.node_ids || []).length ? e.node_ids : [e.from_node, e.to_node]));
  return classifyCorridor(option.countries || [], modes, nodes);
}
