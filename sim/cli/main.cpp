// qmac: run the seed example and quantized dot products through the golden model and the hardware models.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "command_line.hpp"
#include "compare_command.hpp"
#include "import_command.hpp"
#include "layer_commands.hpp"
#include "seed_command.hpp"

int main(int argc, char** argv) {
    using namespace qmac::cli;
    CLI::App qmac("the seed example and quantized layers through the golden model and the hardware models", "qmac");
    configure(qmac);
    const std::vector<Command> commands = {add_seed_command(qmac), add_run_command(qmac), add_quantize_command(qmac),
                                           add_params_command(qmac), add_import_command(qmac),
                                           add_compare_command(qmac)};
    CLI::App* help = add_command(qmac, "help", "print this text (qmac help COMMAND: that command's options)");
    std::string topic;
    std::vector<std::string> names;
    for (const Command& c : commands) names.push_back(c.app->get_name());
    names.push_back("help");
    one_of(help->add_option("COMMAND", topic, "the command to describe"), names);

    if (const auto stop = parse(qmac, argc, argv)) return *stop;
    try {
        for (const Command& c : commands) {
            if (c.app->parsed()) return c.run();
        }
        if (help->parsed()) {
            std::cout << (topic.empty() ? qmac::cli::help(qmac, "qmac") : qmac::cli::help(*qmac.get_subcommand(topic), "qmac " + topic));
            return 0;
        }
        std::cerr << qmac::cli::help(qmac, "qmac");  // no command
        return kUsageStatus;
    } catch (const UsageError& e) {
        std::cerr << "qmac: error: " << e.what() << '\n';
        return kUsageStatus;
    } catch (const std::exception& e) {
        std::cerr << "qmac: error: " << e.what() << '\n';
        return 1;
    }
}
