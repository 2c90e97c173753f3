#include "viz/dash/dashboard.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "model/diagnostics.hpp"
#include "sim/uncertainty.hpp"
#include "store/results_store.hpp"
#include "viz/dash/app.hpp"
#include "viz/dash/figures.hpp"
#include "viz/dash/panels.hpp"
#include "viz/dash/script.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

namespace {

std::string g_glfw_error;

void on_glfw_error(int, const char* description) { g_glfw_error = description ? description : "unknown"; }

/// Writes the current back buffer as an RGB PNG; false with a message on failure.
bool write_screenshot(GLFWwindow* window, const std::string& path) {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    if (w <= 0 || h <= 0) return false;
    std::vector<unsigned char> pixels(std::size_t(w) * std::size_t(h) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL rows start at the bottom; PNG rows at the top.
    std::vector<unsigned char> flipped(pixels.size());
    const std::size_t row = std::size_t(w) * 3;
    for (int y = 0; y < h; ++y)
        std::copy_n(pixels.data() + std::size_t(h - 1 - y) * row, row, flipped.data() + std::size_t(y) * row);
    return stbi_write_png(path.c_str(), w, h, 3, flipped.data(), int(row)) != 0;
}

/// Executes the script's actions that are due; the script clock stops while waiting for a result.
class ScriptRunner {
public:
    ScriptRunner(std::vector<ScriptAction> actions, std::string origin)
        : actions_(std::move(actions)), origin_(std::move(origin)) {}

    bool finished() const { return next_ >= actions_.size(); }
    bool quit() const { return quit_; }

    /// Runs due actions; sets `screenshot` to a path to capture after this frame's render.
    /// Throws std::runtime_error (file:line: message) when an action fails.
    void step(App& app, std::string& screenshot) {
        while (next_ < actions_.size() && actions_[next_].frame <= clock_) {
            const ScriptAction& a = actions_[next_];
            if (a.verb == "wait-for-result") {
                if (waiting_since_ < 0) waiting_since_ = ImGui::GetTime();
                const auto snap = app.session.snapshot();
                if (app.session.worker().busy() || !snap->complete() || app.ui.request_attribution ||
                    app.ui.request_levers || app.update_analyses()) {
                    if (ImGui::GetTime() - waiting_since_ > 300.0) fail(a, "no complete result after 300 s");
                    return;  // the clock stands still
                }
                waiting_since_ = -1;
            } else {
                execute(app, a, screenshot);
            }
            ++next_;
            if (!screenshot.empty() || quit_) break;  // capture before later actions change the view
        }
        if (next_ >= actions_.size() || actions_[next_].frame > clock_) ++clock_;
    }

private:
    [[noreturn]] void fail(const ScriptAction& a, const std::string& message) const {
        throw std::runtime_error(origin_ + ":" + std::to_string(a.line) + ": " + a.verb + ": " + message);
    }

    static double number(const ScriptAction& a, const std::string& text) {
        if (text == "true" || text == "on") return 1.0;
        if (text == "false" || text == "off") return 0.0;
        std::size_t used = 0;
        try {
            const double v = std::stod(text, &used);
            if (used == text.size()) return v;
        } catch (const std::exception&) {
        }
        throw model::ScenarioError({{{"", a.line, 0}, "expected a number, got '" + text + "'"}});
    }

    void execute(App& app, const ScriptAction& a, std::string& screenshot) {
        Session& s = app.session;
        const auto& scenario = s.base();
        try {
            if (a.verb == "set" || a.verb == "drag") {
                if (!s.set(a.args[0], number(a, a.args[1]), a.verb == "drag")) fail(a, s.error());
            } else if (a.verb == "what-if") {
                if (!s.choose_variant(a.args[0])) fail(a, s.error());
            } else if (a.verb == "release") {
                s.release();
            } else if (a.verb == "reset") {
                s.reset(a.args.empty() ? std::string() : a.args[0]);
            } else if (a.verb == "scrub") {
                app.ui.scrub_tick = a.args[0] == "end" ? -1
                                                       : std::clamp(int(number(a, a.args[0])), 0, scenario.horizon);
                app.ui.playing = false;
            } else if (a.verb == "open") {
                const auto p = parse_panel(a.args[0]);
                if (!p) {
                    std::string known;
                    for (Panel q : kPanels) known += std::string(known.empty() ? "" : ", ") + panel_key(q);
                    fail(a, "unknown panel '" + a.args[0] + "' (known: " + known + ")");
                }
                app.ui.panel = *p;
                app.ui.panel_requested = true;
            } else if (a.verb == "focus") {
                const int t = scenario.team_index(a.args[0]);
                if (t < 0) fail(a, "no team named '" + a.args[0] + "'");
                app.ui.focal_team = t;
            } else if (a.verb == "save-variant") {
                if (!app.save_variant(a.args[0])) fail(a, app.ui.status);
            } else if (a.verb == "compute") {
                if (a.args[0] == "attribution")
                    app.ui.request_attribution = true;
                else if (a.args[0] == "levers")
                    app.ui.request_levers = true;
                else
                    fail(a, "can compute 'attribution' or 'levers', not '" + a.args[0] + "'");
            } else if (a.verb == "chart-sweep") {
                app.ui.sweep_for = std::int64_t(number(a, a.args[0]));
                app.ui.runs_stale = true;
            } else if (a.verb == "print") {
                print(app, a);
            } else if (a.verb == "screenshot") {
                screenshot = a.args[0];
            } else if (a.verb == "quit") {
                quit_ = true;
            }
        } catch (const model::ScenarioError& e) {
            fail(a, e.diagnostics().empty() ? e.what() : e.diagnostics().front().message);
        }
    }

    void print(App& app, const ScriptAction& a) {
        if (a.args[0] == "analytic") {
            // The analytic preview the drift panel shows now: it must follow a change at once.
            const auto& scenario = *app.session.variant();
            const std::string team = a.args.size() > 1 ? a.args[1]
                                                       : scenario.teams[std::size_t(app.ui.focal_team)].name;
            const int t = scenario.team_index(team);
            if (t < 0 || std::size_t(t) >= app.oracle().size())
                fail(a, "no analytic preview for team '" + team + "'");
            std::printf("analytic %s %.6f\n", team.c_str(), app.oracle()[std::size_t(t)].steady_drift);
            std::fflush(stdout);
            return;
        }
        const auto snap = app.session.snapshot();
        if (!snap->result) fail(a, "no result yet (add wait-for-result before it)");
        const auto& scenario = snap->scenario ? *snap->scenario : app.session.base();
        if (a.args[0] != "drift" && a.args[0] != "friction")
            fail(a, "can print 'drift', 'friction' or 'analytic', not '" + a.args[0] + "'");
        const std::string team = a.args.size() > 1 ? a.args[1]
                                                   : scenario.teams[std::size_t(app.ui.focal_team)].name;
        const auto v = median_at(*snap->result, team, a.args[0], scenario.horizon);
        if (!v) fail(a, "the result has no " + a.args[0] + " series for team '" + team + "'");
        std::printf("%s %s %d %.6f\n", a.args[0].c_str(), team.c_str(), scenario.horizon, *v);
        std::fflush(stdout);
    }

    std::vector<ScriptAction> actions_;
    std::string origin_;
    std::size_t next_ = 0;
    int clock_ = 0;
    double waiting_since_ = -1;
    bool quit_ = false;
};

}  // namespace

namespace {

/// --uncertain or --posterior ID: every run draws its parameters per world of 8 replicates, the
/// user's settings applied after each draw. Throws std::invalid_argument on a bad request.
void uncertain_draws(const model::Scenario& s, const DashOptions& o, SessionOptions& so) {
    if (o.uncertain && o.posterior > 0) throw std::invalid_argument("--uncertain and --posterior exclude each other");
    if (o.uncertain) {
        if (s.uncertain.empty()) throw std::invalid_argument(s.name + " has no `uncertain:` block to draw from");
        so.draws = [s](std::vector<model::Override> then) {
            return sim::prior_draws(s, s.uncertain, sim::kBlockSize, std::move(then));
        };
        so.drawn_from = "the priors of the scenario's " + std::to_string(s.uncertain.size()) + " uncertain parameters";
    } else if (o.posterior > 0) {
        store::ResultsStore db(o.db_path, store::ResultsStore::OpenMode::ReadOnly);
        const auto record = db.find_run(o.posterior);
        if (!record || record->spec.command != "calibrate")
            throw std::invalid_argument("run " + std::to_string(o.posterior) + " in " + o.db_path + " is not a calibration");
        if (record->spec.scenario_name != s.name)
            throw std::invalid_argument("calibration " + std::to_string(o.posterior) + " was made for scenario '" +
                                        record->spec.scenario_name + "', not '" + s.name + "'");
        auto p = std::make_shared<const sim::PosteriorSample>(sim::stored_posterior(db.load_run(o.posterior).result));
        if (p->paths.empty() || p->weights.empty())
            throw std::invalid_argument("calibration " + std::to_string(o.posterior) + " holds no posterior sample");
        so.draws = [p](std::vector<model::Override> then) {
            return sim::sample_draws(p->paths, p->values, p->weights, sim::kBlockSize, std::move(then));
        };
        so.observed = p->observed;
        so.drawn_from = "the posterior of calibration " + std::to_string(o.posterior) + " (" +
                        std::to_string(p->paths.size()) + " parameters)";
    }
}

// The --script file parsed into a runner; false (after saying why) when it cannot be read.
bool load_script(const std::string& path, std::unique_ptr<ScriptRunner>& script) {
    if (path.empty()) return true;
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "orgforces-dash: cannot read script %s\n", path.c_str());
        return false;
    }
    std::stringstream text;
    text << in.rdbuf();
    script = std::make_unique<ScriptRunner>(parse_script(text.str(), path), path);
    return true;
}

// An OpenGL 3.3 window with Dear ImGui on it (hidden when headless); nullptr after saying why.
GLFWwindow* open_window(const DashOptions& options, const std::string& scenario_name) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr,
                     "orgforces-dash: cannot open a window: %s\n"
                     "  The dashboard needs a display. Without one, run it under a virtual X server:\n"
                     "    xvfb-run -a -s \"-screen 0 1280x800x24\" orgforces-dash FILE --headless --frames 60 "
                     "--screenshot out.png\n",
                     g_glfw_error.c_str());
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, options.headless ? GLFW_FALSE : GLFW_TRUE);
    const std::string title = "orgforces — " + scenario_name;
    GLFWwindow* window = glfwCreateWindow(options.width, options.height, title.c_str(), nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "orgforces-dash: cannot create an OpenGL 3.3 window: %s\n", g_glfw_error.c_str());
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(options.headless ? 0 : 1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // the layout is fixed: no imgui.ini next to the user's files
    apply_theme(options.font_scale);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    return window;
}

void close_window(GLFWwindow* window) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
}

// Draws one frame of the dashboard into the window's back buffer.
void draw_frame(GLFWwindow* window, App& app) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    draw_dashboard(app);
    ImGui::Render();
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(window, &fw, &fh);
    glViewport(0, 0, fw, fh);
    const auto bg = theme::kWindow;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void save_screenshot(GLFWwindow* window, const std::string& path) {
    if (!write_screenshot(window, path)) throw std::runtime_error("cannot write screenshot " + path);
    std::fprintf(stderr, "orgforces-dash: wrote %s\n", path.c_str());
}

// The frame loop: until the window closes, the script quits, or (after --frames and the script)
// the running ensemble has settled and the final screenshot is taken. Each frame's time in
// milliseconds goes to `frame_ms`.
void run_frames(GLFWwindow* window, Session& session, App& app, ScriptRunner* script, const DashOptions& options,
               std::vector<double>& frame_ms) {
    int frame = 0;
    double wait_started = -1;
    bool final_frames = false;
    int final_countdown = 2;
    while (!glfwWindowShouldClose(window)) {
        const auto t0 = std::chrono::steady_clock::now();
        const bool busy = session.worker().busy();
        if (options.headless || busy || app.ui.playing)
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(0.25);  // idle: no need to redraw 60 times a second

        app.begin_frame();
        app.update_analyses();
        std::string shot;
        if (script) script->step(app, shot);
        draw_frame(window, app);
        if (!shot.empty()) save_screenshot(window, shot);
        ++frame;
        frame_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());

        // Ending: after --frames (and the script), let the running ensemble finish so the
        // final screenshot shows a complete result, then capture it.
        const bool script_done = !script || script->finished();
        if (script && script->quit()) break;
        if (options.frames >= 0 && frame >= options.frames && script_done) {
            if (!final_frames) {
                final_frames = true;
                wait_started = ImGui::GetTime();
            }
            const bool settled = !session.worker().busy() && (session.snapshot()->complete() ||
                                                              !session.snapshot()->error.empty());
            if (!settled && ImGui::GetTime() - wait_started < 300.0) {
                glfwSwapBuffers(window);
                if (options.headless) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                continue;
            }
            // Two more frames so the settled snapshot is the one drawn.
            if (--final_countdown < 0) {
                if (!options.screenshot.empty()) save_screenshot(window, options.screenshot);
                break;
            }
        }
        glfwSwapBuffers(window);
        if (options.headless && session.worker().busy())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));  // leave the cores to the engine
    }
}

// Runs the session in the window; returns the exit code (2: bad input, 1: another failure).
int run_session(GLFWwindow* window, model::Scenario scenario, const SessionOptions& so, ScriptRunner* script,
                const DashOptions& options) {
    int exit_code = 0;
    Session session(std::move(scenario), so);
    App app(session, options.db_path);
    std::vector<double> frame_ms;
    try {
        run_frames(window, session, app, script, options, frame_ms);
    } catch (const model::ScenarioError& e) {
        for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", model::format(d).c_str());
        exit_code = 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "orgforces-dash: %s\n", e.what());
        exit_code = 1;
    }
    if (options.headless && !frame_ms.empty()) {
        std::vector<double> sorted = frame_ms;
        std::sort(sorted.begin(), sorted.end());
        std::fprintf(stderr, "orgforces-dash: %d frames, median %.1f ms, 95th percentile %.1f ms\n",
                     static_cast<int>(frame_ms.size()), sorted[sorted.size() / 2], sorted[sorted.size() * 95 / 100]);
    }
    const auto last = session.snapshot();
    if (exit_code == 0 && !last->error.empty()) {
        std::fprintf(stderr, "orgforces-dash: the last run failed: %s\n", last->error.c_str());
        exit_code = 1;
    }
    return exit_code;
}

}  // namespace

int run_dashboard(model::Scenario scenario, const DashOptions& options) {
    std::unique_ptr<ScriptRunner> script;
    if (!load_script(options.script, script)) return 2;
    // Overrides from the command line become the starting point (validated before any window).
    if (!options.overrides.empty()) scenario = model::apply_overrides(scenario, options.overrides);
    SessionOptions so;
    so.replicates = options.replicates;
    so.drag_replicates = options.drag_replicates;
    so.threads = options.threads;
    try {
        uncertain_draws(scenario, options, so);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "orgforces-dash: %s\n", e.what());
        return 2;
    }
    GLFWwindow* window = open_window(options, scenario.name);
    if (!window) return 1;
    const int exit_code = run_session(window, std::move(scenario), so, script.get(), options);
    close_window(window);
    return exit_code;
}

}  // namespace orgforces::dash
