// Fuzzes the results database reader with damaged files: each input is a list of byte patches
// (and a cut) applied to a small valid database with three runs. Opening, listing, loading,
// checking and opening for writing must give results or a StoreError, never a crash, a hang,
// another exception or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

#include "store/results_store.hpp"

namespace {

using namespace orgforces;

sim::EnsembleResult small_result(int salt) {
    sim::EnsembleResult r;
    r.info.replicates = 4;
    r.info.horizon = 3;
    for (const char* team : {"a", "b"}) {
        sim::Series s{team, "drift", {}};
        for (int t = 0; t <= 3; ++t) {
            const double m = 0.1 * t + 0.01 * salt;
            s.ticks.push_back(sim::Band{m, m - 0.01, m + 0.01, m - 0.2, m - 0.1, m, m + 0.1, m + 0.2});
        }
        r.series.push_back(s);
    }
    r.scalars.push_back(sim::Scalar{"v", "p_success", 0.5, 0.2, 0.8, 4});
    for (int rep = 0; rep < 4; ++rep) {
        sim::VentureOutcome o;
        o.replicate = rep;
        o.venture = "v";
        o.end_tick = rep % 2 ? 2 : -1;
        r.outcomes.push_back(o);
    }
    r.survival.push_back(sim::SurvivalCurve{"v", {0, 2}, {1.0, 0.5}, {1.0, 0.2}, {1.0, 0.8}});
    r.horizon_values.push_back(sim::ReplicateValues{"a", "drift", {0.3, 0.31, 0.32, 0.33}});
    return r;
}

const std::string& work_dir() {
    static const std::string dir = [] {
        const auto d = std::filesystem::temp_directory_path() / ("orgforces-fuzz-store-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d.string();
    }();
    return dir;
}

// The valid database every input damages, as bytes (WAL checkpointed into the main file).
const std::string& base_bytes() {
    static const std::string bytes = [] {
        const std::string path = work_dir() + "/base.db";
        {
            store::ResultsStore db(path);
            for (int i = 0; i < 3; ++i) {
                store::RunSpec spec;
                spec.scenario_name = "fuzz";
                spec.scenario_text = "name: fuzz\nhorizon: 3\n";
                spec.overrides = {model::Override{"teams.a.shielding", 0.5, {}}};
                spec.seed = static_cast<std::uint64_t>(i);
                spec.replicates = 4;
                spec.horizon = 3;
                spec.threads = 1;
                db.finish_run(db.begin_run(spec), small_result(i));
            }
            db.gc(0.0);
        }
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    return bytes;
}

void exercise(const std::string& path) {
    try {
        store::ResultsStore db(path, store::ResultsStore::OpenMode::ReadOnly);
        for (const auto& r : db.list_runs()) {
            try {
                (void)db.load_run(r.id);
            } catch (const store::StoreError&) {
            }
        }
        (void)db.check();
    } catch (const store::StoreError&) {
    }
    try {
        store::ResultsStore db(path);   // refuses a damaged file, or opens a sound one for writing
        (void)db.list_runs();
    } catch (const store::StoreError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes = base_bytes();
    // Input: [cut: 2 bytes] then patches of [offset: 3 bytes][value: 1 byte].
    if (size >= 2) {
        const std::size_t cut = (std::size_t(data[0]) << 8 | data[1]) % (bytes.size() + 1);
        if (cut >= 512) bytes.resize(cut);   // 0..511: no cut (a file under one page is too easy)
    }
    for (std::size_t i = 2; i + 4 <= size && !bytes.empty(); i += 4) {
        const std::size_t at = (std::size_t(data[i]) << 16 | std::size_t(data[i + 1]) << 8 | data[i + 2]) % bytes.size();
        bytes[at] = static_cast<char>(data[i + 3]);
    }
    const std::string path = work_dir() + "/input.db";
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    exercise(path);
    return 0;
}
