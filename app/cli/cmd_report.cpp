// `orgforces report FILE | --run ID [-o OUT.html] [--format html|md] [--variants all|NAME,...]`:
// the planning-review report. Runs the scenario's ensemble (or loads a stored run) and writes one
// self-contained HTML file and its Markdown twin.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/command.hpp"
#include "app/cli/files.hpp"
#include "app/cli/progress.hpp"
#include "app/cli/db_common.hpp"
#include "app/cli/memory_budget.hpp"
#include "app/cli/posterior.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "model/schema.hpp"
#include "orgforces/version.hpp"
#include "sim/attribution.hpp"
#include "sim/ensemble.hpp"
#include "sim/run_plan.hpp"
#include "sim/levers.hpp"
#include "sim/sensitivity.hpp"
#include "sim/sweep.hpp"
#include "sim/uncertainty.hpp"
#include "model/uncertain.hpp"
#include "viz/report.hpp"

namespace orgforces::cli {
namespace {

struct ReportOptions {
    std::string file;
    std::int64_t run_id = 0;
    CLI::Option* run = nullptr;
    std::string output;
    std::string format;          ///< "", "html" or "md"
    std::string variants;        ///< "", "all" or NAME,NAME
    int replicates = 0;
    std::uint64_t seed_value = 0;
    CLI::Option* seed = nullptr;
    int threads = 0;
    std::vector<std::string> sets;
    DbOptions db;
    bool attribution = false;    ///< fill "Hidden forces" (sim/attribution.hpp)
    int attribution_replicates = 32;   ///< per coalition: 2^n coalitions make the full count costly
    std::string levers;          ///< fill "Levers": "global" (sim/sensitivity.hpp) or "local" (sim/levers.hpp)
    CLI::Option* levers_option = nullptr;
    int lever_samples = 32;      ///< global levers: Sobol base points
    int lever_replicates = 8;    ///< global levers: replicates per design point
    bool uncertain = false;      ///< draw the `uncertain:` priors per world
    std::int64_t posterior = 0;  ///< draw calibration ID's posterior per world
    bool pdf = false;            ///< also print the HTML to OUT.pdf through headless Chromium
    std::string paper = "a4";    ///< "a4" or "letter"
    std::int64_t sweep = 0;      ///< chart stored sweep ID (alone: report the sweep's scenario)
    std::string pareto;          ///< FRONT.json printed by `optimize --json` with two or more objectives
};

store::SweepRecord require_sweep(store::ResultsStore& db, std::int64_t id) {
    auto rec = db.find_sweep(id);
    if (!rec) throw UsageError(fmt::format("no sweep {} in {} (see `orgforces runs --sweeps --db {}`)", id, db.path(), db.path()));
    return *rec;
}

/// A stored sweep's curves: the default measures of its scenario against each swept parameter.
viz::SweepInputs load_sweep(const DbOptions& dbo, std::int64_t id) {
    auto db = open_for_reading(dbo);
    const auto rec = require_sweep(db, id);
    const model::Scenario s = model::load_scenario_text(rec.scenario_text, fmt::format("sweep {} ({})", id, rec.scenario_name));
    std::vector<sim::DesignPoint> points;
    std::vector<sim::EnsembleResult> results;
    for (const auto& p : db.sweep_points(id)) {
        if (p.run_id == 0 || p.run_status != store::RunStatus::Complete) continue;
        points.push_back(p.overrides);
        results.push_back(db.load_run(p.run_id).result);
    }
    if (points.empty())
        throw std::runtime_error(fmt::format("sweep {} has no complete point yet; continue it with `orgforces sweep --resume {}`", id, id));
    std::vector<const sim::EnsembleResult*> ptrs;
    for (const auto& r : results) ptrs.push_back(&r);
    viz::SweepInputs in;
    in.id = id;
    in.points = static_cast<int>(points.size());
    in.replicates = rec.replicates;
    in.curves = sim::sweep_curves(points, ptrs, sim::default_measures(s));
    return in;
}

/// The Pareto front `optimize --json` printed (two or more objectives).
viz::ParetoInputs load_pareto(const std::string& path, const std::string& scenario) {
    std::ifstream f(path);
    if (!f) throw UsageError(fmt::format("--pareto: cannot read {}", path));
    viz::ParetoInputs p;
    p.scenario = scenario;
    try {
        const auto j = nlohmann::json::parse(f);
        for (const auto& d : j.at("decisions")) p.decisions.push_back(d.at("path").get<std::string>());
        for (const auto& o : j.at("objectives")) {
            p.objectives.push_back(o.at("measure").get<std::string>());
            p.maximize.push_back(o.at("goal").get<std::string>() == "max");
        }
        for (const auto& pt : j.at("front")) {
            sim::ParetoPoint q;
            for (const auto& d : p.decisions) q.decision.push_back(pt.at("decision").at(d).get<double>());
            for (const auto& o : p.objectives) q.objectives.push_back(pt.at("objectives").at(o).get<double>());
            p.front.push_back(std::move(q));
        }
        p.evaluations = j.at("evaluations").get<int>();
        p.replicates = j.at("replicates_per_evaluation").get<int>();
        p.seed = j.at("seed").get<std::uint64_t>();
    } catch (const nlohmann::json::exception& e) {
        throw UsageError(fmt::format("--pareto: {} is not the JSON of `orgforces optimize ... --json` with two or more "
                                     "objectives ({})", path, e.what()));
    }
    if (p.objectives.size() < 2 || p.front.empty())
        throw UsageError(fmt::format("--pareto: {} holds no Pareto front (give optimize two or more --objective)", path));
    return p;
}

/// Shapley rows for the report: each force on each default measure, value +- 1.96 standard errors.
std::vector<viz::AttributionRow> attribution_rows(const model::Scenario& s, const ReportOptions& o, std::uint64_t seed) {
    sim::AttributionOptions a;
    a.replicates = o.attribution_replicates;
    a.seed = seed;
    a.threads = o.threads;
    std::fprintf(stderr, "report: attribution (every coalition of forces, links, leadership and hiring; %d replicates each)\n",
                 o.attribution_replicates);
    const sim::Attribution r = sim::attribute(s, a);
    std::vector<viz::AttributionRow> rows;
    for (std::size_t k = 0; k < r.measures.size(); ++k)
        for (const auto& f : r.forces) {
            const double half = std::isfinite(f.se[k]) ? 1.96 * f.se[k] : 0.0;
            rows.push_back({f.force, f.group, r.measures[k].kind, f.value[k], f.value[k] - half,
                            f.value[k] + half, r.measures[k].entity});
        }
    return rows;
}

/// Lever rows for the report: the change at -10% and +10% of each parameter's value.
std::vector<viz::LeverRow> lever_rows(const model::Scenario& s, const ReportOptions& o, std::uint64_t seed) {
    sim::LeverOptions l;
    l.replicates = o.replicates;
    l.seed = seed;
    l.threads = o.threads;
    std::fprintf(stderr, "report: levers (finite differences)\n");
    const sim::LeverReport r = sim::levers(s, l);
    std::vector<viz::LeverRow> rows;
    for (std::size_t k = 0; k < r.measures.size(); ++k)
        for (const auto& lv : r.levers)
            if (std::isfinite(lv.effect[k]))
                rows.push_back({lv.path, r.measures[k].name(), -lv.effect[k], lv.effect[k],
                                2.0 * lv.lo[k], 2.0 * lv.hi[k]});
    return rows;
}

/// Global lever rows: Sobol indices of the levers (and the scenario's uncertain parameters) over their ranges.
viz::GlobalLevers global_lever_rows(const model::Scenario& s, const ReportOptions& o, std::uint64_t seed) {
    sim::SensitivityOptions so = sim::global_lever_options(s);
    so.samples = o.lever_samples;
    so.replicates = o.lever_replicates;
    so.seed = seed;
    so.threads = o.threads;
    so.bootstrap = 200;
    viz::GlobalLevers g;
    if (so.priors.empty()) return g;
    const int points = o.lever_samples * (static_cast<int>(so.priors.size()) + 2);
    std::fprintf(stderr, "report: levers (Sobol indices of %zu parameters, %d settings x %d replicates)\n",
                 so.priors.size(), points, o.lever_replicates);
    ProgressBar bar("levers");
    so.on_progress = [&bar](int done, int total) { bar.update(done, total); };
    const sim::SensitivityResult r = sim::sensitivity(s, so);
    bar.finish();
    g.samples = r.samples;
    g.points = r.points;
    g.replicates = r.replicates;
    for (const auto& m : r.measures)
        for (std::size_t i = 0; i < r.priors.size(); ++i) {
            const auto& p = r.priors[i];
            const bool uncertain = std::any_of(s.uncertain.begin(), s.uncertain.end(),
                                               [&](const model::UncertainParam& u) { return u.path == p.path; });
            const auto& x = m.sobol[i];
            g.rows.push_back({p.path, m.measure.name(), model::describe(p), uncertain, x.s1, x.s1_lo, x.s1_hi, x.st,
                              x.st_lo, x.st_hi, m.correlation[i]});
        }
    return g;
}

sim::EnsembleResult simulate(const model::Scenario& s, const ReportOptions& o, std::uint64_t seed,
                             const std::string& label, sim::ReplicateOverrides draws = {}) {
    const sim::RunPlan plan = sim::RunPlan::resolve(s, {o.replicates, seed, o.threads, {}});
    sim::EnsembleOptions opts = plan.ensemble_options();
    opts.replicate_overrides = std::move(draws);
    ProgressBar bar(label);
    opts.on_progress = [&bar](int done, int total) { bar.update(done, total); };
    require_memory_for(s, plan.replicates, plan.threads);
    auto r = sim::run_ensemble(s, opts);
    bar.finish();
    return r;
}

std::vector<std::string> split_names(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text + ",") {
        if (c == ',') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else if (c != ' ') {
            cur += c;
        }
    }
    return out;
}

/// The variants named by --variants, in the scenario's order for "all".
std::vector<const model::Variant*> chosen_variants(const model::Scenario& s, const std::string& spec) {
    std::vector<const model::Variant*> out;
    if (spec.empty()) return out;
    if (spec == "all") {
        for (const auto& v : s.variants) out.push_back(&v);
        if (out.empty()) std::fprintf(stderr, "report: %s has no what_if variants; the what-if section stays empty\n", s.name.c_str());
        return out;
    }
    for (const auto& name : split_names(spec)) {
        const auto it = std::find_if(s.variants.begin(), s.variants.end(), [&](const model::Variant& v) { return v.name == name; });
        if (it == s.variants.end()) {
            std::string known;
            for (const auto& v : s.variants) known += (known.empty() ? "" : ", ") + v.name;
            throw UsageError(fmt::format("no what_if variant `{}` (variants: {})", name, known.empty() ? "none" : known));
        }
        out.push_back(&*it);
    }
    return out;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    if (path.has_parent_path() && !path.parent_path().empty()) std::filesystem::create_directories(path.parent_path());
    write_file_atomically(path, text);
}

// [pdf] The report prints through a headless Chromium found at run time (ORGFORCES_CHROMIUM, or
// chromium, chromium-browser, google-chrome on PATH): the browser that lays the page out is the
// one that prints it, so what fits on screen fits on paper.
std::string find_chromium() {
    if (const char* env = std::getenv("ORGFORCES_CHROMIUM"); env && *env) return env;
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
        std::size_t start = 0;
        while (start <= dirs.size()) {
            const auto end = std::min(dirs.find(':', start), dirs.size());
            const std::string dir = dirs.substr(start, end - start);
            start = end + 1;
            if (dir.empty()) continue;
            const std::string candidate = dir + "/" + name;
            if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        }
    }
    return "";
}

void print_pdf(const std::string& html, const std::filesystem::path& pdf, const std::string& paper) {
    const std::string browser = find_chromium();
    if (browser.empty())
        throw std::runtime_error(
            "report --pdf needs Chromium or Google Chrome to print the page, and none was found on PATH: install it "
            "(Debian: apt-get install chromium) or set ORGFORCES_CHROMIUM to the browser's path. The HTML report "
            "was written and prints from any browser.");
    char dir_template[] = "/tmp/orgforces-pdf-XXXXXX";
    const char* dir = ::mkdtemp(dir_template);
    if (!dir) throw std::runtime_error("report --pdf: cannot create a temporary folder");
    const std::filesystem::path tmp = dir;
    struct Cleanup {
        std::filesystem::path p;
        ~Cleanup() {
            std::error_code ec;
            std::filesystem::remove_all(p, ec);
        }
    } cleanup{tmp};
    // The page's own print rules, with the paper size the reader asked for.
    std::string page = html;
    const std::string size = paper == "letter" ? "@page { size: Letter; }" : "@page { size: A4; }";
    if (const auto at = page.find("</style>"); at != std::string::npos) page.insert(at, size + "\n");
    const auto input = tmp / "report.html";
    write_file(input, page);
    const auto out = std::filesystem::absolute(pdf);
    const auto log = tmp / "chromium.log";
    std::vector<std::string> args = {browser, "--headless", "--disable-gpu", "--disable-dev-shm-usage",
                                     "--no-first-run", "--disable-background-networking", "--disable-sync",
                                     "--disable-component-update", "--no-pdf-header-footer",
                                     "--user-data-dir=" + (tmp / "profile").string(),
                                     "--print-to-pdf=" + out.string() + ".tmp", "file://" + input.string()};
    if (::geteuid() == 0) args.insert(args.begin() + 1, "--no-sandbox");   // Chromium refuses to sandbox as root
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("report --pdf: cannot start the browser");
    if (child == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    std::error_code ec;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && std::filesystem::file_size(out.string() + ".tmp", ec) > 0;
    if (!ok) {
        std::string tail;
        std::ifstream f(log);
        for (std::string line; std::getline(f, line);) tail = line.empty() ? tail : line;
        std::filesystem::remove(out.string() + ".tmp", ec);
        throw std::runtime_error(fmt::format("report --pdf: {} could not print the report{}{}", browser,
                                             tail.empty() ? "" : ": ", tail));
    }
    std::filesystem::rename(out.string() + ".tmp", out);
}

// Where the report's numbers come from: a stored run, a scenario FILE, or (alone) a stored sweep's scenario.
struct ReportSource {
    bool from_run = false;
    bool sweep_only = false;
};

// Resolves --levers and checks the options against each other before anything runs.
ReportSource check_options(ReportOptions& o) {
    if (o.levers_option && o.levers_option->count() > 0 && o.levers.empty()) o.levers = "global";
    // `report --levers FILE`: the optional value took the scenario; give it back.
    if (o.file.empty() && !o.levers.empty() && o.levers != "global" && o.levers != "local" &&
        std::filesystem::is_regular_file(o.levers)) {
        o.file = o.levers;
        o.levers = "global";
    }
    const bool from_run = o.run && o.run->count() > 0;
    const bool sweep_only = o.sweep > 0 && !from_run && o.file.empty();
    if (from_run == !o.file.empty() && !sweep_only)
        throw UsageError("give either a scenario FILE, --run ID or --sweep ID (see `orgforces report --help`)");
    if (!o.format.empty() && o.format != "html" && o.format != "md")
        throw UsageError(fmt::format("--format must be html or md, not `{}`", o.format));
    if (from_run && (!o.variants.empty() || !o.sets.empty() || o.replicates > 0 || (o.seed && o.seed->count())))
        throw UsageError("--variants, --set, --replicates and --seed apply to a scenario FILE, not to --run");
    if (o.threads < 0) throw UsageError("--threads must be at least 1 (or 0 for all cores)");
    if (o.paper != "a4" && o.paper != "letter") throw UsageError(fmt::format("--paper must be a4 or letter, not `{}`", o.paper));
    if (o.pdf && o.format == "md") throw UsageError("--pdf prints the HTML report; it cannot go with --format md");
    if (!o.levers.empty() && o.levers != "global" && o.levers != "local")
        throw UsageError(fmt::format("--levers must be global or local, not `{}`", o.levers));
    if (o.uncertain && o.posterior > 0) throw UsageError("--uncertain and --posterior exclude each other");
    if (from_run && (o.uncertain || o.posterior > 0))
        throw UsageError("--uncertain and --posterior apply to a scenario FILE, not to --run");
    return {from_run, sweep_only};
}

// The inputs of a complete stored run, without simulating; returns the default file stem.
std::string inputs_from_run(const ReportOptions& o, viz::ReportInputs& in) {
    auto db = open_for_reading(o.db);
    const auto rec = require_run(db, o.run_id);
    if (rec.status != store::RunStatus::Complete)
        throw std::runtime_error(fmt::format("run {} is {}, not complete: nothing to report", o.run_id, store::to_string(rec.status)));
    auto stored = db.load_run(o.run_id);
    const std::string origin = fmt::format("run {} ({})", o.run_id, stored.record.spec.scenario_name);
    model::Scenario s = model::load_scenario_text(stored.record.spec.scenario_text, origin);
    if (!stored.record.spec.overrides.empty()) s = model::apply_overrides(s, stored.record.spec.overrides);
    // The events the run had, a what-if variant's too (runs stored before the events were kept
    // whole have the file's own).
    if (stored.record.events_whole) s.events = stored.record.spec.events;
    for (const auto& v : s.variants)
        if (v.name == stored.record.spec.label && (stored.record.spec.command == "whatif" || stored.record.spec.command == "run"))
            in.variant = v.name;
    in.scenario = std::move(s);
    in.overrides = stored.record.spec.overrides;
    in.result = std::move(stored.result);
    if (in.result.info.engine_version.empty()) in.result.info.engine_version = stored.record.engine_version;
    in.source = fmt::format("run {} of {}", o.run_id, o.db.path);
    in.run_id = o.run_id;
    in.run_db = o.db.path;
    return fmt::format("run-{}-report", o.run_id);
}

// The scenario to simulate: FILE, or the sweep's own scenario at its seed and replicates unless told
// otherwise; `origin` names it in messages.
model::Scenario load_base(ReportOptions& o, bool sweep_only, std::string& origin) {
    origin = o.file;
    if (!sweep_only) return model::load_scenario_file(o.file);
    auto db = open_for_reading(o.db);
    const auto rec = require_sweep(db, o.sweep);
    origin = fmt::format("sweep {} ({})", o.sweep, rec.scenario_name);
    model::Scenario base = model::load_scenario_text(rec.scenario_text, origin);
    if (o.replicates == 0) o.replicates = rec.replicates;
    if (!(o.seed && o.seed->count())) base.seed = rec.seed;
    return base;
}

// Under --posterior or --uncertain: what the worlds are drawn from, and the posterior (with its
// observations for the predictive check).
std::optional<PosteriorSample> choose_worlds(const ReportOptions& o, viz::ReportInputs& in) {
    std::optional<PosteriorSample> posterior;
    if (o.posterior > 0) {
        posterior = load_posterior(o.db, o.posterior, in.scenario);
        in.calibration_id = posterior->id;
        in.observed = posterior->observed;
        in.drawn_from = fmt::format("the posterior of calibration {} ({} parameters)", posterior->id, posterior->paths.size());
    } else if (o.uncertain) {
        in.drawn_from = fmt::format("the priors of the scenario's {} uncertain parameters", in.scenario.uncertain.size());
    }
    in.per_world = sim::kBlockSize;
    return posterior;
}

// Simulates the scenario (with --set) and the chosen what-if variants on one seed; returns the default
// file stem.
std::string inputs_from_scenario(ReportOptions& o, bool sweep_only, viz::ReportInputs& in) {
    std::string origin;
    const model::Scenario base = load_base(o, sweep_only, origin);
    for (const auto& text : o.sets) in.overrides.push_back(model::parse_override(text));
    in.scenario = in.overrides.empty() ? base : model::apply_overrides(base, in.overrides);
    if (in.scenario.classic)
        throw UsageError(fmt::format("{} is a classic model; the planning-review report needs an organization", origin));
    if (o.uncertain && in.scenario.uncertain.empty())
        throw UsageError(origin + " has no `uncertain:` block to draw from (see docs/uncertainty.md)");
    const auto variants = chosen_variants(in.scenario, o.variants);
    const std::optional<std::uint64_t> asked = o.seed && o.seed->count() ? std::optional(o.seed_value) : std::nullopt;
    const std::uint64_t seed = sim::RunPlan::resolve(in.scenario, {o.replicates, asked, o.threads, {}}).seed;
    // Under uncertainty every arm draws the same worlds; a variant's own settings win over a draw.
    const std::optional<PosteriorSample> posterior = choose_worlds(o, in);
    auto draws = [&](const std::vector<model::Override>& then) -> sim::ReplicateOverrides {
        if (posterior) return sim::sample_draws(posterior->paths, posterior->values, posterior->weights, sim::kBlockSize, then);
        if (o.uncertain) return sim::prior_draws(in.scenario, in.scenario.uncertain, sim::kBlockSize, then);
        return {};
    };
    in.result = simulate(in.scenario, o, seed, "baseline", draws({}));
    for (const auto* v : variants) {
        std::fprintf(stderr, "report: what-if %s\n", v->name.c_str());
        viz::VariantResult vr;
        vr.name = v->name;
        vr.description = v->description;
        vr.result = simulate(model::apply_variant(in.scenario, *v), o, seed, v->name, draws(v->set));
        in.variants.push_back(std::move(vr));
    }
    in.source = origin;
    return sweep_only ? fmt::format("sweep-{}-report", o.sweep) : std::filesystem::path(o.file).stem().string() + "-report";
}

// The optional sections: a stored sweep, a Pareto front, attribution and levers.
void add_sections(const ReportOptions& o, viz::ReportInputs& in) {
    if (o.sweep > 0) in.sweep = load_sweep(o.db, o.sweep);
    if (!o.pareto.empty()) in.pareto = load_pareto(o.pareto, in.scenario.name);
    if (o.attribution) in.attribution = attribution_rows(in.scenario, o, in.result.info.seed);
    if (o.levers == "local") in.levers = lever_rows(in.scenario, o, in.result.info.seed);
    if (o.levers == "global") in.global_levers = global_lever_rows(in.scenario, o, in.result.info.seed);
}

// Writes both twins by default, one when --format says so (and the PDF with --pdf); returns the files.
std::vector<std::filesystem::path> write_report(const ReportOptions& o, const viz::ReportInputs& in,
                                                const std::string& stem) {
    std::filesystem::path out = o.output;
    const bool want_html = o.format.empty() || o.format == "html";
    const bool want_md = o.format.empty() || o.format == "md";
    if (out.empty()) out = stem + (o.format == "md" ? ".md" : ".html");
    std::vector<std::filesystem::path> written;
    if (want_html) {
        const std::string html = viz::render_html(in);
        write_file(out, html);
        written.push_back(out);
        if (o.pdf) {
            std::filesystem::path pdf = out;
            pdf.replace_extension(".pdf");
            print_pdf(html, pdf, o.paper);
            written.push_back(pdf);
        }
    }
    if (want_md) {
        std::filesystem::path md = out;
        if (o.format.empty()) md.replace_extension(".md");
        if (md == out && want_html) md += ".md";
        // The figures go in a folder beside the twin, named after it, so the pair moves together.
        const std::string folder = md.stem().string() + "-figures";
        std::vector<std::pair<std::string, std::string>> figures;
        const std::string text = viz::render_markdown(in, folder, figures);
        const auto dir = md.parent_path() / folder;
        for (const auto& [name, svg] : figures) write_file(dir / name, svg);
        write_file(md, text);
        written.push_back(md);
    }
    return written;
}

void run_report(ReportOptions o) {
    const ReportSource source = check_options(o);
    viz::ReportInputs in;
    const std::string stem = source.from_run ? inputs_from_run(o, in) : inputs_from_scenario(o, source.sweep_only, in);
    add_sections(o, in);

    // The engine is this binary: a missing or garbled version (not printable) is replaced by ours.
    auto& version = in.result.info.engine_version;
    if (version.empty() || std::any_of(version.begin(), version.end(), [](char c) { return c < 0x20 || c == 0x7f; }))
        version = kVersion;

    for (const auto& p : write_report(o, in, stem)) std::printf("%s\n", p.string().c_str());
}

void setup_report(CLI::App& parent) {
    auto o = std::make_shared<ReportOptions>();
    auto* cmd = parent.add_subcommand("report", "Write the planning-review report (HTML and Markdown) for a scenario or a stored run");
    cmd->footer(
        "With FILE, runs the scenario's ensemble (and, with --variants, its what-if variants on the same\n"
        "seed) and writes the report; the runs are not stored (use `orgforces run` for that). With --run ID,\n"
        "reports a complete run from the results database without simulating.\n"
        "The HTML file is self-contained (inline SVG and CSS, no scripts, no network) and prints on A4 or\n"
        "Letter (--pdf prints it through headless Chromium). Without --format, the Markdown twin is written\n"
        "next to it (same name, .md) with its figures as SVG files in a folder beside it. The paths\n"
        "written are printed on stdout. --attribution and --levers fill the hidden-forces and levers\n"
        "sections; they run many more ensembles, so they take longer. --uncertain or --posterior ID draw\n"
        "the uncertain parameters per plausible world (see docs/uncertainty.md).\n"
        "Exit status: 0 ok, 1 runtime failure, 2 usage error or invalid scenario.\n\n"
        "Examples:\n"
        "  orgforces report scenarios/innovation-in-a-keeping-org.yaml -o review.html\n"
        "  orgforces report scenarios/innovation-in-a-keeping-org.yaml --variants all --replicates 100\n"
        "  orgforces report --run 12 -o run12.md --format md\n"
        "  orgforces report --sweep 3 -o sweep3.html");
    cmd->add_option("file", o->file, "Scenario file (YAML)")->check(CLI::ExistingFile);
    o->run = cmd->add_option("--run", o->run_id, "Report a stored run instead of simulating")->type_name("ID");
    cmd->add_option("-o,--output", o->output, "Output file (default: <scenario>-report.html in the current folder)")
        ->type_name("OUT.html");
    cmd->add_option("--format", o->format, "Write only this format: html or md (default: both twins)")
        ->type_name("html|md");
    cmd->add_option("--variants", o->variants, "Add the what-if comparison: all, or variant names separated by commas")
        ->type_name("all|NAME,...");
    cmd->add_option("-n,--replicates", o->replicates, "Replicates (default: the scenario's `replicates`)")
        ->check(CLI::Range(1, orgforces::model::Limits::max_replicates));
    o->seed = cmd->add_option("--seed", o->seed_value, "Random seed (default: the scenario's `seed`)")->type_name("UINT");
    cmd->add_option("-j,--threads", o->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--set", o->sets, "Override a parameter: PATH=VALUE (repeatable; see `orgforces params`)")
        ->type_name("PATH=VALUE");
    cmd->add_flag("--attribution", o->attribution,
                  "Fill the hidden-forces section: Shapley attribution over every coalition of forces and of "
                  "the teams' links, leadership and hiring (2^n ensembles; see `orgforces attribute`)");
    cmd->add_option("--attribution-replicates", o->attribution_replicates,
                    "Attribution: replicates per coalition (default 32; its intervals show what that costs in precision)")
        ->check(CLI::Range(2, orgforces::model::Limits::max_replicates));
    o->levers_option = cmd->add_option("--levers", o->levers,
                    "Fill the levers section: global (the default when no value is given) ranks the director's "
                    "settings and the uncertain parameters by Sobol indices over their ranges; local moves each "
                    "parameter by 10% (finite differences, see `orgforces levers`)")
        ->expected(0, 1)
        ->type_name("[global|local]");
    cmd->add_option("--lever-samples", o->lever_samples,
                    "Global levers: Sobol base points N; the design runs N (k + 2) settings (default 32)")
        ->check(CLI::Range(4, 100000));
    cmd->add_option("--lever-replicates", o->lever_replicates, "Global levers: replicates per setting (default 8)")
        ->check(CLI::Range(1, 100000));
    cmd->add_flag("--uncertain", o->uncertain,
                  "Draw the `uncertain:` parameters per world of 8 replicates (the same worlds for every variant): "
                  "bands cover chance and ignorance, and the what-if section shows the share of plausible worlds "
                  "where each variant is better and its expected regret");
    cmd->add_option("--posterior", o->posterior,
                    "Like --uncertain, drawing from calibration ID's posterior, with a posterior predictive check")
        ->type_name("ID")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 62));
    cmd->add_flag("--pdf", o->pdf,
                  "Also print the report to OUT.pdf through headless Chromium (found at run time; set "
                  "ORGFORCES_CHROMIUM to choose one)");
    cmd->add_option("--sweep", o->sweep,
                    "Chart stored sweep ID: each default measure against each swept parameter, with its band "
                    "(alone, without FILE or --run: report the sweep's own scenario at its seed and replicates)")
        ->type_name("ID")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 62));
    cmd->add_option("--pareto", o->pareto,
                    "Draw the Pareto front that `orgforces optimize ... --json` wrote (two or more objectives)")
        ->type_name("FRONT.json");
    cmd->add_option("--paper", o->paper, "Paper for --pdf: a4 or letter (default: a4)")->type_name("a4|letter");
    add_db_options(*cmd, o->db, false);
    cmd->callback([o] { run_report(*o); });
}

const bool registered = register_command({"report", 60, setup_report});

}  // namespace
}  // namespace orgforces::cli
