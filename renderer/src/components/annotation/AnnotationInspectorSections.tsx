/** The inspector sections of language instructions and the dense reward (mounted once in the inspector). */
import { InstructionPanel } from "./instructions/InstructionPanel.tsx";
import { RewardPanel } from "./rewards/RewardPanel.tsx";

/** See the module comment. */
export function AnnotationInspectorSections() {
  return (
    <>
      <section className="inspector-section" aria-labelledby="h-instructions">
        <h2 id="h-instructions">Instructions</h2>
        <InstructionPanel />
      </section>
      <section className="inspector-section" aria-labelledby="h-reward">
        <h2 id="h-reward">Reward</h2>
        <RewardPanel />
      </section>
    </>
  );
}
