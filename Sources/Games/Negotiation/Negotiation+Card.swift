let negotiationCard = """
    # Negotiation (`negotiation`)

    ## Description
    SPIRAL's SimpleNegotiation (a fork of TextArena's) as an exact two-player zero-sum game.
    Each player holds resources it values privately and differently from the other; for a
    fixed number of turns they talk, offer trades and answer offers; the player whose
    inventory value (at its own prices) rose more wins. The defaults are SPIRAL's
    `SimpleNegotiation-v1`; presets give TextArena's five-resource `SimpleNegotiation-v0` and
    SPIRAL's v2.

    ## Rules
    - Setup: each player gets a starting quantity of every resource and a private value for
      every resource, fixed or drawn (see Parameters). Defaults: 10 Wood and 10 Gold each;
      Player 0 values Wood 5 and Gold 15, Player 1 Wood 15 and Gold 5 (both start at 200).
    - `turns` turns in total (default 10), players alternating, Player 0 first.
    - On its turn a player does one of: make an offer (give some of one resource for some of
      another), accept the pending offer, deny it, or pass (talk only).
    - Only the last offer is pending, and only the other player may answer it, on the very
      next turn: any move but accept clears it (a counter-offer replaces it, so denies it).
    - An offer needs the proposer to hold what it gives; it may ask for anything (the
      proposer does not see the other inventory). Accepting needs the acceptor to hold what
      is asked and the proposer to still hold what it offered; the trade happens at once.
    - End: after the last turn. Each player's gain is its inventory value now minus at the
      start, both at its own values. Larger gain: +1, the other -1; equal gains: 0 and 0.

    ## Parameters
    A preset fills in every rule; explicit parameters override it, e.g.
    `negotiation(preset=textarena,turns=20)` or
    `negotiation(resources=Wood;Gold;Ore,quantities=10,values0=5;15;10,values1=15;5;10)`.

    | name | default | meaning |
    |---|---|---|
    | preset | spiral_v1 | spiral_v1, textarena or spiral_v2 (below) |
    | resources | preset's | names separated by `;`, 2 to 8 words of letters A-Z, a-z |
    | quantities | preset's | starting quantity for both players: `N` or `A..B`; one item for all resources or one per resource, separated by `;` |
    | values0 | preset's | Player 0's values, one per resource: `N`, `A..B`, or `~N` |
    | values1 | preset's | Player 1's values, as values0 |
    | turns | 10 | turns in total, 1 to 1000 |
    | max_offer | 0 (preset's) | the most of one resource an offer gives or asks for, 1 to 100 |

    Drawn items: `A..B` is an integer drawn uniformly from A to B; `~N` (N ± 20%) is drawn
    uniformly from round(0.8·N) to round(1.2·N). Every drawn number is an explicit chance node
    (setup order: Player 0's quantities, Player 1's, Player 0's values, Player 1's, each in
    resource order), so solvers see exact probabilities and an episode's seed fixes the setup.
    A quantity range draws separately for each player. Numbers are whole, 0 to 1000.

    | preset | resources | quantities | values | max_offer |
    |---|---|---|---|---|
    | spiral_v1 | Wood, Gold | 10 each | P0 5, 15; P1 15, 5 | 20 |
    | textarena | Wheat, Wood, Sheep, Brick, Ore | 5..25 each | both 5..6, 8..12, 12..18, 20..30, 32..40 | 10 |
    | spiral_v2 | Wheat, Wood, Sheep, Brick, Gold | 5..25 each | as textarena | 10 |

    The textarena values are TextArena's own rule: base 5, 10, 15, 25, 40 plus or minus
    int(0.2·base), clamped to 5..40 (so not exactly `~N`). SPIRAL's v2 source was not
    available; the spiral_v2 preset is TextArena's five-resource game with Gold in place of Ore.

    ## Actions
    `3 + K(K−1)·M²` indices for K resources and M = max_offer (803 for the defaults, 2003
    for textarena and spiral_v2):

    | index | action | text |
    |---|---|---|
    | 0 | pass | `[Pass]` (or talk without a command) |
    | 1 | accept the pending offer | `[Accept]` |
    | 2 | deny the pending offer | `[Deny]` |
    | 3 + ((g·(K−1) + r′)·M + a − 1)·M + b − 1 | offer: give a of resource g for b of resource r | `[Offer: a G -> b R]` |

    r′ is r counted without g (r if r < g, else r − 1); a and b run from 1 to M. So with the
    defaults (Wood = 0, Gold = 1, M = 20) `[Offer: 3 Wood -> 1 Gold]` is index 3 + 2·20 + 0 = 43
    and `[Offer: 1 Gold -> 3 Wood]` is 3 + 400 + 2 = 405.
    Legal: pass always; accept when an offer is pending and both sides can trade it; deny when
    one is pending; every offer giving at most what the mover holds. Offers give one kind of
    resource for one other kind (a trade of several kinds at once is made over several
    turns), which keeps the space small; with the defaults every offer SPIRAL's trainer could
    play is in it (its action space holds one-kind offers of 1 to 3 for 1 to 3). SPIRAL-v1's
    environment itself would also execute offers with several kinds on one side, such as
    `[Offer: 1 Wood, 1 Gold -> 3 Wood]`; here those are invalid. Chance outcomes are the drawn
    numbers themselves.

    ## Observation tensor [6 + 5K]
    From the observing seat's view (16 floats for the defaults, 31 for five resources):

    | offset | size | meaning |
    |---|---|---|
    | 0 | 2 | one-hot seat (0: first mover, 1: second mover) |
    | 2 | 1 | 1 if this seat is to move |
    | 3 | 1 | turns played / turns |
    | 4 | 1 | 1 if an offer made by this seat is pending |
    | 5 | 1 | 1 if an offer made to this seat is pending |
    | 6 | K | own current quantities |
    | 6+K | K | own starting quantities |
    | 6+2K | K | own values (0 while not drawn) |
    | 6+3K | K | what this seat would give if the pending offer were accepted |
    | 6+4K | K | what this seat would receive |

    Raw counts, not scaled. The opponent's values and inventory are never shown (the
    opponent's inventory follows from the public trades only when starting quantities are
    fixed). Older offers and talk are in the information state, not the tensor.

    ## Information state
    `seat=0 values=5,15 start=10,10 moves=[Offer: 3 Wood -> 1 Gold],[Accept]:"Deal! [Accept]"`:
    the seat, its own values and starting quantities (`?` while not drawn), and every move
    with its talk (quoted, `\\\\` and `\\"` escaped). The state string (`encodeState`) is the
    history as action numbers, setup draws first, with talk as `:"..."`.

    ## Roles
    `first mover` (seat 0) and `second mover` (seat 1).

    ## Text face
    The prompt (SPIRAL/TextArena style): the rules; the player's own resources as
    `[Wood]  Qty: 10  Value: 5` lines and its inventory value; `Turn 3 of 10`; the history as
    `[Player N] <what N wrote>` and `[GAME] <what happened>` lines (offers, counter-offers,
    acceptances, denials, lapses); then the valid action formats, or a waiting or result line.

    Replies: one command in brackets, any letter case, among any talk:
    `[Offer: 3 Wood -> 1 Gold]` (colon optional; items joined by `,` or `and`; plural names
    such as `Woods`; a leading `I give` and trailing `.` are ignored; repeated items add up),
    `[Accept]`, `[Deny]`, `[Pass]`; text without a command is talk and passes. `[Deny]` with
    an offer is a counter-offer; other pairs of different commands are invalid. A reply with
    talk is shown to the other player as written; a bare command is shown in canonical form.

    Invalid (an error that says which, then the invalid-move policy): malformed offers (no
    `->`, an empty side, `<quantity> <resource>` not followed), an unknown resource, a zero or
    negative quantity, a resource on both sides, several kinds on one side, a quantity above
    max_offer, offering more than the player holds, accepting or denying with nothing
    pending, accepting without holding what is asked, several different commands.

    ## Rewards
    +1 / −1 for the larger / smaller gain in inventory value, 0 / 0 for equal gains, at the
    end only. Zero-sum.

    ## Invalid moves
    The shared `InvalidMovePolicy` of `Episode`: by default the offender gets −1 and the other
    +1; SPIRAL's training preset gives −1.5 and +0.5; retries are allowed with `zero_sum+K`
    or `spiral+K`. `textarena` is TextArena's own rule (0.6.4, the version SPIRAL pins; the
    same for all its games): one retry, then −1 for the offender and 0 for the other (not
    zero-sum). Play `negotiation(preset=textarena)` with `invalid_move_policy=textarena` to
    score forfeits as TextArena does. An invalid reply never changes the position: the seat
    retries from where it was (see the differences below).

    ## Termination
    After `turns` turns (no early end).

    ## Differences from SPIRAL and TextArena
    - An offer not answered on the next turn lapses (TextArena's current rule); in SPIRAL-v1 it
      stays pending until answered or replaced.
    - Offers give one kind for one other kind, at most max_offer of each (bounded so that every
      text offer has a tensor index); asking for more than max_offer is invalid here.
    - One command per reply; SPIRAL would process `[Accept]` and a new `[Offer]` in one reply.
    - Accepting or denying with nothing pending, and accepting without the asked resources,
      are invalid moves (SPIRAL ignores a stray `[Deny]`; TextArena 0.6.4 ignores a stray
      `[Accept]` or `[Deny]`, and also refuses an acceptance without the asked resources).
    - An invalid reply leaves a pending offer pending, so a retried `[Accept]` trades. In
      TextArena 0.6.4 a reply without `[Accept]` drops the pending offer before the reply is
      found invalid: after a malformed offer the retried `[Accept]` finds nothing pending and
      does nothing (a valid, empty turn). Matching it would need invalid replies to change
      the position, which the shared invalid-move rules never do (a retry starts from the
      position it was given, and the replay of the history rebuilds it).
    - TextArena shows an invalid reply, and why it was invalid, to both players; here only
      the offender is told (the bridge's `invalid_reasons`), and the other player never sees
      it.
    - A forfeit scores −1 and +1 unless the `textarena` invalid-move policy is chosen (above):
      the game string cannot choose a policy, which belongs to whoever runs the episodes.

    ## Version history
    1: first version.
    2: messages quote control characters with JSON's escapes (in state strings and
    observation texts); texts without them are unchanged.
    """
