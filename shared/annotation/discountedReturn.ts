/**
 * Discounted return of a reward sequence: G_t = Σ_{k≥0} γ^k r_{t+k} (Sutton & Barto, Reinforcement Learning:
 * An Introduction, 2nd ed., eqs. 3.8–3.9), computed backwards with G_t = r_t + γ G_{t+1}, G_{T−1} = r_{T−1}.
 * Here r_t is the reward labelled at step t (Sutton & Barto's R_{t+1}, received after the action at step t), as in
 * RLDS `reward` and LeRobot `next.reward`.
 */

/**
 * G_t for every step t of `rewards`.
 * @param gamma discount factor γ in [0, 1]
 * @throws RangeError when γ is outside [0, 1].
 */
export function discountedReturns(rewards: ArrayLike<number>, gamma: number): Float64Array {
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`gamma must be in [0, 1], got ${gamma}`);
  const out = new Float64Array(rewards.length);
  let next = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    next = rewards[t]! + gamma * next;
    out[t] = next;
  }
  return out;
}
