// The one translation unit that holds doctest's runner.
//
// It also fails a run in which no test case matched the filters. CTest runs each discovered case
// by its name; a name that the filter cannot match (CTest splits test names at ';', for one)
// would otherwise "pass" without running anything.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

namespace {

unsigned g_cases_matched = 0;

// A listener sees the run's statistics without changing what the chosen reporter prints.
struct MatchCounter : doctest::IReporter {
    explicit MatchCounter(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        g_cases_matched = stats.numTestCasesPassingFilters;
    }
    void test_case_start(const doctest::TestCaseData&) override {}
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("match-counter", 1, MatchCounter);

}  // namespace

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int status = context.run();
    // --help, --version, --count and --list-* run no test case on purpose.
    if (context.shouldExit() || status != 0) return status;
    if (g_cases_matched == 0) {
        std::fprintf(stderr, "doctest: no test case matched the filters; nothing was tested\n");
        return 1;
    }
    return status;
}
