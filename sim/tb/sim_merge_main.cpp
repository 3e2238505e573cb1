// qmac-sim-merge: one report of a regression run as shards (qmac-sim --shard i/n --report FILE.json):
// counts and coverage summed, each shard's outcome kept, the required coverage bins checked on the sum.
// Exit status: 0 when every shard passed (and, with --require-coverage, no required bin is empty),
// 1 otherwise, with one line saying why; 2 for misuse or a report that cannot be used.
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "run_junit.hpp"
#include "run_report.hpp"

int main(int argc, char** argv) {
    using namespace qmac;
    std::string output, junit;
    std::vector<std::string> inputs;
    bool require_coverage = false;
    CLI::App app("merges the --report files of a regression's shards into one: counts and coverage summed", "qmac-sim-merge");
    cli::configure(app);
    app.add_option("--output", output, "the merged report")->required()->type_name("MERGED.json");
    app.add_option("--junit", junit, "also the merged checks as JUnit XML, one test case per shard")->type_name("MERGED.xml");
    app.add_flag("--require-coverage", require_coverage, "fail when a required bin is empty in the merged coverage");
    app.add_option("SHARD.json", inputs, "the shards' reports")->required()->type_name("SHARD.json");
    if (const auto stop = cli::parse(app, argc, argv)) return *stop;

    tb::RunReport merged;
    try {
        std::vector<tb::RunReport> shards;
        for (const std::string& path : inputs) shards.push_back(tb::read_report(path));
        merged = tb::merge_reports(shards, inputs);
    } catch (const tb::ReportError& e) {
        std::cerr << "qmac-sim-merge: error: " << e.what() << '\n';
        return cli::kUsageStatus;
    }
    std::string empty;
    std::size_t required = 0, n_empty = 0;
    if (require_coverage) {
        for (const tb::Coverage::Bin& b : tb::required_bins(merged)) {
            ++required;
            if (b.hits == 0 && n_empty++ < 8) empty += (empty.empty() ? "" : ", ") + b.name;
        }
        if (n_empty > 8) empty += ", ...";
        if (merged.status == 0 && n_empty != 0) {
            merged.status = 3;
            merged.failure = std::to_string(n_empty) + " of " + std::to_string(required) +
                             " required coverage bins are empty in the merged coverage: " + empty;
        }
    }
    try {
        tb::write_report(merged, output);
        if (!junit.empty()) tb::write_junit({tb::merged_suite(merged, require_coverage)}, junit);
    } catch (const std::exception& e) {
        std::cerr << "qmac-sim-merge: error: " << e.what() << '\n';
        return 1;
    }
    if (merged.status != 0) {
        std::printf("FAILED: %s\n", merged.failure.c_str());
        return 1;
    }
    std::printf("PASSED: %zu shards of %s, %llu outputs matched, %llu cycles%s -> %s\n", merged.shard_indices.size(),
                tb::run_name(merged.config).c_str(), static_cast<unsigned long long>(merged.counts.outputs_matched),
                static_cast<unsigned long long>(merged.counts.cycles),
                require_coverage ? (", all " + std::to_string(required) + " required coverage bins hit").c_str() : "",
                output.c_str());
    return 0;
}
