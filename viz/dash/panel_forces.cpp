// Hidden forces: Shapley attribution of each force and the levers (sensitivities), computed in
// the background on request when this build has the analyses.
#include <imgui.h>

#include "viz/dash/panels.hpp"

namespace orgforces::dash {

void draw_forces_panel(App& app) {
    (void)app;
    heading("Hidden forces and levers",
            "Which force causes how much of the drift (Shapley attribution over the forces, common "
            "random numbers), and which parameters move the outcomes most (sensitivities).");
    empty_state("Attribution and levers are not part of this build yet. "
                "`orgforces attribute FILE` computes them from the command line when available.");
}

}  // namespace orgforces::dash
