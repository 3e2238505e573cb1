// qmac: run the seed example and quantized dot products through the golden model and the hardware models.
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "args.hpp"
#include "layer_commands.hpp"
#include "seed_command.hpp"

namespace {

struct Command {
    const char* name;
    int (*run)(const std::vector<std::string>&);
    const char* summary;  // one line, for `qmac help`
    const char* usage;    // the options, for `qmac help` and `qmac COMMAND --help`
};

const Command commands[] = {
    {"seed", qmac::cli::seed_command,
     "print the seed example (W*A+B quantized to 8 bits, requantized for the next layer)",
     "qmac seed [--backend golden|hls|rtl|all (default golden)] [--bits K (2..16, default 8)]\n"
     "          [--activation-range A (default 6)] [--output-range A (default 150)]\n"},
    {"run", qmac::cli::run_command, "a quantized fully connected layer over a batch of .npy inputs",
     "qmac run --layer L.json --input X.npy --output Y.npy [--accumulators ACC.npy]\n"
     "         [--backend golden|hls|rtl (default golden)] [--allow-inexact]\n"
     "         (layer format: docs/layer-format.md)\n"},
    {"quantize", qmac::cli::quantize_command, "the seed's symmetric quantization of a float .npy tensor",
     "qmac quantize --input F.npy --bits K --output Q.npy [--range A (default max |x|)]\n"},
    {"params", qmac::cli::params_command,
     "the hardware kernels' integer parameters per channel of a layer, and whether they are exact",
     "qmac params --layer L.json [--input-dtype int8|uint8 (default int8)]\n"},
};

// usage with its continuation lines shifted right by `by` columns, so that they stay aligned under the
// command when a prefix of that width is printed before the first line.
std::string indented(const char* usage, std::size_t by) {
    std::string s;
    for (const char* c = usage; *c != '\0'; ++c) {
        s += *c;
        if (*c == '\n' && c[1] != '\0') s.append(by, ' ');
    }
    return s;
}

void print_usage(std::ostream& out) {
    out << "usage: qmac <command> [options]     (qmac <command> --help: that command's options)\n\ncommands:\n";
    for (const Command& c : commands) {
        out << "  " << c.name << std::string(10 - std::string(c.name).size(), ' ') << c.summary << '\n';
        out << "            " << indented(c.usage, 12);
    }
    out << "  help      print this text\n";
}

bool asks_for_help(const std::vector<std::string>& args) {
    return std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; });
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
            print_usage(args.empty() ? std::cerr : std::cout);
            return args.empty() ? 2 : 0;
        }
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        for (const Command& c : commands) {
            if (args[0] != c.name) continue;
            if (asks_for_help(rest)) {
                std::cout << "usage: " << indented(c.usage, 7) << '\n' << c.summary << ".\n";
                return 0;
            }
            return c.run(rest);
        }
        throw qmac::cli::UsageError("unknown command '" + args[0] + "' (try 'qmac help')");
    } catch (const qmac::cli::UsageError& e) {
        std::cerr << "qmac: error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "qmac: error: " << e.what() << '\n';
        return 1;
    }
}
