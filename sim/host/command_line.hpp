// The command lines of qmac, qmac-sim and qmac-sim-merge on CLI11: typed, range-checked options with the
// project's one-line errors ("PROGRAM: error: ...", exit status 2) and one help layout (usage first, the
// synopsis generated from the options themselves).
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace qmac::cli {

// A user error: printed as "PROGRAM: error: <what>" with exit status 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The exit status of command-line misuse.
inline constexpr int kUsageStatus = 2;

// Gives an app the project's help layout and help flag (-h, --help), and every option's default in its
// help; a repeated option takes its last value.
void configure(CLI::App& app);
// The same settings for a subcommand of `parent`.
CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& description);

// Checks attached to an option. Each appends what it accepts to the option's description (the help text
// follows the check) and rejects other values with "--name must be ..., got 'text'".
CLI::Option* integer_in(CLI::Option* o, long long lo, long long hi);
CLI::Option* positive_finite(CLI::Option* o);  // a finite real > 0 (NaN, inf, trailing junk rejected)
CLI::Option* probability(CLI::Option* o);      // a real in [0, 1]
CLI::Option* one_of(CLI::Option* o, const std::vector<std::string>& names);
// A check of its own: `problem` returns "" for a good value, else what the value must be ("must be ...").
CLI::Option* check(CLI::Option* o, const std::string& accepts, std::function<std::string(const std::string&)> problem);

// Parses argv into `app`'s options. Returns nothing when the program should go on, or the exit status it
// should stop with: 0 after printing the help that -h / --help asked for (on stdout), 2 after printing
// "PROGRAM: error: ..." for misuse (an unknown option or command, a missing or bad value; on stderr).
std::optional<int> parse(CLI::App& app, int argc, char** argv);

// The help of `app` itself (not of a subcommand chosen on its command line), headed by `name`.
std::string help(const CLI::App& app, const std::string& name);

}  // namespace qmac::cli
