// qmac: run the seed example and quantized dot products through the golden model and the hardware models.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "args.hpp"
#include "layer_commands.hpp"
#include "seed_command.hpp"

namespace {

constexpr const char* usage =
    "usage: qmac <command> [options]\n"
    "\n"
    "commands:\n"
    "  seed      print the seed example (W*A+B quantized to 8 bits, requantized for the next layer)\n"
    "            options: --backend golden|hls|rtl|all   --bits K (2..16, default 8)\n"
    "                     --activation-range A (default 6)   --output-range A (default 150)\n"
    "  run       a quantized fully connected layer over a batch of .npy inputs\n"
    "            --layer L.json --input X.npy --output Y.npy [--accumulators ACC.npy]\n"
    "            [--backend golden|hls|rtl] [--allow-inexact]   (format: docs/layer-format.md)\n"
    "  quantize  the seed's symmetric quantization of a float .npy tensor\n"
    "            --input F.npy --bits K [--range A (default max |x|)] --output Q.npy\n"
    "  params    the hardware kernels' integer parameters per channel of a layer, and whether\n"
    "            they are exact: --layer L.json [--input-dtype int8|uint8]\n"
    "  help      print this text\n";

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
            std::cout << usage;
            return args.empty() ? 2 : 0;
        }
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        if (args[0] == "seed") return qmac::cli::seed_command(rest);
        if (args[0] == "run") return qmac::cli::run_command(rest);
        if (args[0] == "quantize") return qmac::cli::quantize_command(rest);
        if (args[0] == "params") return qmac::cli::params_command(rest);
        throw qmac::cli::UsageError("unknown command '" + args[0] + "' (try 'qmac help')");
    } catch (const qmac::cli::UsageError& e) {
        std::cerr << "qmac: error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "qmac: error: " << e.what() << '\n';
        return 1;
    }
}
