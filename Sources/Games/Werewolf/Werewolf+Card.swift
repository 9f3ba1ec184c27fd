let werewolfCard = """
    # Werewolf (`werewolf`)

    A hidden-role team game for 5 to 15 players, after Xu et al. (2023), Werewolf Arena
    (google/werewolf_arena) and TextArena's SecretMafia-v0. The werewolves know each other
    and kill by night; the village (villagers, seers, doctors) talks and votes by day. Speech
    has two faces: a small set of speech acts for classic RL, and free text for LLMs.

    ## Rules
    - Deal: chance gives seat 0, then seat 1, ... a role, each role with probability (its
      count left) / (seats left), so every assignment of the role counts is equally likely.
    - Night k (k = 1, 2, ...): every living player takes one turn, in seat order, whatever
      its role, each seat seeing only its own part:
      - a werewolf votes for a living non-werewolf, seeing its teammates' earlier votes;
      - a doctor protects a living player (themselves too unless `self_protect=false`);
      - a seer inspects another living player and privately learns whether it is a werewolf;
      - anyone else (a villager) sleeps: `[Sleep]`, the only legal action, which does nothing.
      After the last turn the pack's plurality target is attacked (tie: the lowest seat; with
      `night_tie=random` every night ends at a chance node among the leading targets, a
      single outcome when one leads); a protected target survives.
      Who acts, how many steps a night takes and when it ends depend only on who is alive,
      never on roles or on how the pack voted: the order of acting seats, which every
      harness sees (`current_seats` on the wire, PettingZoo's `agent_selection`), gives
      nothing away. A test deals roles that differ by a permutation, plays the same public
      choices, and checks that the acting seats and the views of every seat that cannot tell
      the deals apart stay equal.
    - Dawn of day k: the death (or that nobody died) is announced; the role too only with
      `reveal_roles=true`.
    - Day k: `discussion_rounds` rounds in which every living player speaks once, in seat
      order; then every living player votes, in seat order, for another living player or
      abstains. The ballot is secret until the last vote (each voter sees only its own vote),
      then revealed whole. The plurality is eliminated (role revealed only with
      `reveal_roles=true`); a tie eliminates nobody (or, with `day_tie=random`, a chance node
      picks among the tied); if everyone abstains, nobody.
    - The win check follows every death: the village wins when no werewolf lives; the
      werewolves win when the living werewolves are at least the living others. The game
      ends at once (a vote that eliminates the last werewolf ends it with the village's win;
      TextArena's SecretMafia crashed there, PR #172). An undecided game after the vote of day
      `max_days` is a draw.
    - The dead take no part: they neither speak, vote nor act, and cannot be chosen.

    ## Who sees what
    Every seat view (tensor, information-state string, prompt), the legal actions and the
    heuristic are computed from `knowledge(of:in:)`: the seat's role, its pack if it is a
    werewolf, the living seats, the public moment (night, whose turn to speak, vote, over;
    the seat acting at night or voting is public but, as it follows seat order, not part of
    it), and the log entries addressed to it:

    | log entry | audience |
    |---|---|
    | night begins, dawn, speech, ballot result, game over | everyone |
    | a werewolf's night vote, the pack's victim | the werewolves |
    | a protection | that doctor |
    | an inspection and its result | that seer |
    | a night's sleep | that player |
    | a day vote | the voter until the ballot closes, then everyone |

    The acting seat's legal actions and role (`legal_masks` and `current_roles` on the wire)
    are that seat's own view: a harness that shows them to other agents gives the role away.
    Dead seats keep their view (their team can still win). Tests change hidden facts (other
    roles, other seats' night actions and results, open votes) and check that the seat's
    knowledge, prompt, tensor, information-state string, legal actions and heuristic choice
    stay the same.

    ## Parameters
    | name | default | meaning |
    |---|---|---|
    | preset | classic | classic, werewolf_arena or secret_mafia (below) |
    | players | -1 | 5 to 15; -1 = the preset's |
    | werewolves | -1 | at least 1, fewer than the others; -1 = the preset's |
    | seers | -1 | 0 or more; -1 = 1 |
    | doctors | -1 | 0 or more; -1 = 1; the remaining seats are villagers |
    | discussion_rounds | -1 | 0 to 5; -1 = the preset's |
    | night_tie | lowest_seat | tied pack vote: lowest_seat or random |
    | day_tie | no_elimination | tied day vote: no_elimination or random |
    | reveal_roles | false | announce the role of each dead player |
    | self_protect | true | a doctor may protect themselves |
    | max_days | 10 | 1 to 50; then a draw |
    | message_limit | 1000 | longest free-text message, 0 to 100000 characters |

    Presets fill in what is left at -1; explicit values override them; a value equal to the
    preset's is written back as -1, so `werewolf(players=7)` is `werewolf`.

    | preset | players | werewolves | seers | doctors | discussion rounds |
    |---|---|---|---|---|---|
    | classic (Xu et al.) | 7 | 2 | 1 | 1 | 1 |
    | werewolf_arena | 8 | 2 | 1 | 1 | 1 |
    | secret_mafia | 7 | round-half-even(players / 4) | 1 | 1 | 3 |

    ## Actions (3n + 7 for n players)
    | index | meaning | text |
    |---|---|---|
    | 0 .. n-1 | target seat k: the pack's vote, a protection, an inspection, a day vote | `[k]` |
    | n | abstain (day vote) | `[Abstain]` |
    | n+1 .. n+4 | claim werewolf, villager, seer, doctor | `[Claim: seer]` |
    | n+5 .. 2n+4 | accuse seat k (another living player) | `[Accuse: k]` |
    | 2n+5 .. 3n+4 | defend seat k (a living player, oneself too) | `[Defend: k]` |
    | 3n+5 | pass: say nothing, or (text face) only free text | `[Pass]` |
    | 3n+6 | sleep: the night turn of a player without a night power | `[Sleep]` |

    Chance outcomes: `[deal: ROLE]` (numbered by role) and `[tie-break: k]` (numbered by seat).

    ## Text face
    The prompt (TextArena/Werewolf Arena style): the rules, the seat's role and pack, its
    private results, the log as `[GAME] ...` and `[Player N] ...` lines, the living players,
    then what to do now with the valid choices (`Valid targets: [2], [3], [5]`).
    - Night actions and votes: the last `[N]` or `[Player N]` in the reply, any case;
      `[Abstain]` in the day vote. A dead, unknown or forbidden choice is invalid, with the
      reason and the valid choices. A player without a night power is asked, like everyone,
      for its night turn and replies `[Sleep]` (any case, anywhere in the reply); any other
      reply is invalid.
    - Discussion: free text broadcast to every player. The last `[Claim: ROLE]`,
      `[Accuse: N]`, `[Defend: N]` or `[Pass]` (any case; `Claim ROLE` and `Player N` also
      read; detective = seer, mafia = werewolf) is the speech act; the rest of the reply is
      the message. A reply without one is plain speech: the pass index with the message. An
      empty reply, a bad act, or a message longer than `message_limit` characters is invalid
      (not truncated). Line breaks become spaces, so a message cannot forge a `[GAME]` line.
      The log shows a speech as the message followed by its act.

    ## Observation tensor [4n^2 + 17n + 15] (330 for 7 players)
    | offset | size | block |
    |---|---|---|
    | 0 | n | own seat, one-hot |
    | n | 4 | own role, one-hot (werewolf, villager, seer, doctor) |
    | n+4 | 4 | moment: night, discussion, vote, over |
    | n+8 | 1 | 1 if this seat is to act |
    | n+9 | 1 | day / max_days |
    | n+10 | 1 | discussion round / rounds (0 outside the discussion) |
    | n+11 | 3 | outcome: village won, werewolves won, draw |
    | n+14 | n | alive |
    | 2n+14 | n | killed at night |
    | 3n+14 | n | eliminated by vote |
    | 4n+14 | n | known werewolves (own pack; own inspections; revealed roles) |
    | 5n+14 | n | known non-werewolves (oneself; everyone else for a werewolf; inspections; revealed) |
    | 6n+14 | 4n | revealed role per seat, one-hot |
    | 10n+14 | 4n | latest claimed role per seat, one-hot |
    | 14n+14 | n*n | accusations of the latest day, [speaker][target] |
    | n^2+14n+14 | n*n | defences of the latest day, [speaker][target] |
    | 2n^2+14n+14 | n*n | the pack's votes of the latest night, [werewolf][target] (werewolves only) |
    | 3n^2+14n+14 | n | own night target of the latest night (vote, protection or inspection) |
    | 3n^2+15n+14 | n(n+1) | last closed ballot, [voter][target or abstain] |
    | 4n^2+16n+14 | n+1 | own vote in the open ballot (target or abstain) |

    ## Information-state string
    `p2 seer | N1 | s>0=W | D1 +5 | 0:p "hello" | 1:a4 | ... | @V1!`: the seat and role (and
    `pack 0,1` for a werewolf), then its visible log: `Nk` night k, `wA>T` pack vote, `kT`
    pack victim, `d>T` own protection, `s>T=W|v` own inspection, `Dk +V` / `Dk -` dawn
    (`=role` when revealed), `S:c=ROLE` / `S:aT` / `S:fT` / `S:p` speech with the message in
    quotes, `z` own night's sleep, `vA>T` / `vA>-` votes, `Bk xE` / `Bk -` ballot result, `end OUTCOME`; last the
    moment (`@deal`, `@Nk`, `@Dk.r sS`, `@Vk`, `@end`), with `!` when the seat is to act.

    ## Rewards
    Zero-sum team rewards: each team's total is +1 for a win and -1 for a loss, split equally
    among its members (alive or dead). With 2 werewolves and 5 others: a werewolf win gives
    each werewolf +0.5 and each other -0.2; a village win the reverse. A draw is 0 for all.
    Returns lie in [-1/w, 1/w] for w werewolves (the smaller team).

    ## Roles (for RAE)
    `werewolf`, `villager`, `seer`, `doctor` (role index = the order here). Before the deal
    reaches a seat it reports `villager`.

    ## Heuristic (`WerewolfHeuristic`)
    Reads only the acting seat's knowledge. Villagers sleep at night. The seer claims seer at
    its first turn of speech, then accuses the werewolves it found and votes for them; the
    doctor protects a claimed seer; the werewolves attack together (a claimed seer first,
    never last night's survivor), accuse villagers (first whoever accused a werewolf) and
    never a teammate; the others accuse and vote for the most accused, trusting the one
    claimed seer (its accusations count three times, and accusing it makes the accuser a
    suspect), and abstain when nobody is accused.

    ## Measured win rates
    20,000 games per row, seed 1, every seat of a team played by the same policy
    (`swift run -c release games werewolf-stats --episodes 20000 --seed 1`, add
    `--game 'werewolf(preset=werewolf_arena)'` for the second table):

    `werewolf` (7 players):

    | village | werewolves | village wins | werewolf wins | draws | mean decisions |
    |---|---|---|---|---|---|
    | random | random | 8.5% | 91.5% | 0.0% | 37.8 |
    | random | heuristic | 0.8% | 99.2% | 0.0% | 32.1 |
    | heuristic | random | 24.9% | 75.1% | 0.0% | 37.1 |
    | heuristic | heuristic | 26.1% | 73.9% | 0.0% | 33.5 |

    `werewolf(preset=werewolf_arena)` (8 players):

    | village | werewolves | village wins | werewolf wins | draws | mean decisions |
    |---|---|---|---|---|---|
    | random | random | 11.6% | 88.4% | 0.0% | 54.5 |
    | random | heuristic | 1.8% | 98.2% | 0.0% | 47.9 |
    | heuristic | random | 32.4% | 67.6% | 0.0% | 52.0 |
    | heuristic | heuristic | 27.7% | 72.3% | 0.0% | 46.9 |

    Random play strongly favours the werewolves: in a 7-player game two night kills and one
    wrong vote bring them to parity. "mean decisions" counts seat actions per game, the
    villagers' night turns (`[Sleep]`) included. The table is played by the rollout engine
    (`Rollout.TeamMatchup`); a test replays fewer games with the same seed and checks the
    heuristic beats chance for each team.

    ## Version history
    1: first version.
    2: every living player takes a night turn in seat order (the werewolves no longer act
    first, then the doctors, then the seers), with `[Sleep]` (index 3n+6, so 3n+7 actions)
    for players without a night power; under `night_tie=random` every night ends at a chance
    node. The order of acting seats no longer reveals who holds which role.
    3: messages quote carriage returns, tabs and other control characters with JSON's escapes
    (in state strings and observation texts); texts without them are unchanged.
    """
