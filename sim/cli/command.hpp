// A command of the qmac program: its CLI11 subcommand (options bound to the command's own settings) and
// what runs it once the command line has been parsed.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace qmac::cli {

struct Command {
    CLI::App* app;
    std::function<int()> run;  // returns the exit status; throws UsageError (status 2) or other errors (1)
};

}  // namespace qmac::cli
