let kuhnPokerCard = """
    # Kuhn Poker (`kuhn_poker`)

    Poker with a tiny deck: the smallest game with bluffing. One hand follows OpenSpiel's
    `kuhn_poker` exactly (2 to 10 players); `rounds=K` plays a TextArena/SPIRAL-style match
    by Kuhn Poker's rules. `preset=spiral_v1` plays TextArena/SPIRAL's KuhnPoker-v1 rules
    instead, which are not Kuhn Poker's (below).

    ## Rules (one hand)
    - A deck of n+1 cards (2 players: J < Q < K). Chance deals one card to each seat, seat 0
      first, uniformly from the undealt cards. Everyone antes 1 chip.
    - Seats act in turn from the opener: pass (check) or bet 1 chip.
    - No bet: after n passes the highest card wins the pot.
    - After the first bet every other seat answers once: pass = fold, bet = call. The highest
      card among those who bet or called wins.
    - The winner gets the pot minus its own chips; every other seat loses its chips.
      Two players: +-1 without a bet, +-2 after bet and call.

    ## Matches (`rounds=K`, two players)
    K hands; hand h is opened by seat h mod 2; the pot's chips move to the winner after every
    hand; after the last hand the chip leader gets +1, the other -1, and a tie 0/0. (SPIRAL's
    KuhnPoker-v1 never grows the pot and gives the match to the last hand's winner; this
    follows the rules instead. SPIRAL's first hand is opened by Player 1; here by Player 0.
    `preset=spiral_v1` plays SPIRAL's way.)

    ## Preset spiral_v1: TextArena/SPIRAL's KuhnPoker-v1 rules, not Kuhn Poker's
    `kuhn_poker(preset=spiral_v1)` reproduces SPIRAL's `KuhnPoker-v1` (spiral-rl/spiral at
    a02d0ed, `spiral/envs/KuhnPoker/env.py`, registered with `ante=1, max_rounds=5`; it follows
    TextArena's `KuhnPokerEnv` nearly line for line, with the same rules). Two players, 5 hands (`rounds=K` changes that),
    the same deal, actions and texts as above, except:
    - Pot: always 2, the antes; a bet or a call adds nothing (`_init_round` sets
      `pot = ante * 2`), so every hand moves 1 chip, folded or shown down. Kuhn Poker: a bet
      goes in, 3 after bet and fold, 4 after bet and call.
    - Opener: Player 1 opens hand 1, then the opener alternates (`_init_round` sets
      `starting_player = 1 - starting_player`, starting from 0). Roles follow: `first` is
      seat 1.
    - Match winner: the winner of the last hand gets +1, the other -1, whatever the chips
      (`_set_round_winner` calls `set_winners` in the last hand; the chip comparison in
      `_init_round` is never reached). No draws. Even `rounds=1` scores +1/-1, not chips.
    The prompt states these rules (SPIRAL's own prompt says the chip leader wins and a bet adds
    a chip). Tensors and information states are laid out as in a match above; the chips in
    them count 1 a hand.

    ## Parameters
    | name | default | meaning |
    |---|---|---|
    | preset | standard | standard (Kuhn Poker's rules) or spiral_v1 (above) |
    | players | 2 | 2 to 10; spiral_v1: 2 |
    | rounds | 0 (preset's) | hands in a match, 1 to 255: standard 1, spiral_v1 5; above 1 needs players=2 |

    ## Actions (2)
    | index | meaning | text (no bet pending) | text (facing a bet) |
    |---|---|---|---|
    | 0 | pass | `[check]` | `[fold]` |
    | 1 | bet | `[bet]` | `[call]` |
    Any letter case; `[pass]` is read as check or fold. Chance outcomes are card numbers 0..n.

    ## Observation tensor [6n-1] (+3 in a match)
    OpenSpiel's information-state tensor: one-hot observing seat [n], own card [n+1], then
    (pass, bet) for each of the 2n-1 betting steps. A match appends hands played / K, own net
    chips / K and the opponent's net chips / K, and shows the current hand (the last one once
    the match is over).

    ## Information-state string
    OpenSpiel's: own card then the betting, e.g. `1pb`. A match joins one such part per hand
    with `/`; a finished hand that went to showdown adds `:c`, the opponent's card.

    ## Roles
    `first`, `second`, ...: the seat's place in the betting order of the first hand (under
    spiral_v1 seat 1 is `first`).

    ## Reference numbers (OpenSpiel)
    Value for seat 0: -1/18. Uniform policy exploitability 0.4583333333333335. 54 states
    without chance nodes; 12 information states. (Standard rules, one hand.)

    ## Version history
    1: first version.
    2: the `preset` parameter and its spiral_v1 rules; `rounds` takes its default from the
       preset. The standard rules, tensors and texts are version 1's.
    """
