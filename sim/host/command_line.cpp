#include "command_line.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>

namespace qmac::cli {

namespace {

constexpr std::size_t kWidth = 100;       // synopsis lines wrap here
constexpr std::size_t kOptionColumn = 28;  // option descriptions start here

// The help layout of every program: the usage synopsis first (generated from the options, so it cannot
// drift from them), the description, then one line per option with what it accepts and its default.
class HelpFormatter : public CLI::Formatter {
public:
    HelpFormatter() { column_width(kOptionColumn); }

    std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode) const override {
        std::ostringstream out;
        out << make_usage(app, name);
        if (!app->get_description().empty()) out << app->get_description() << ".\n";
        const auto options = app->get_options([](const CLI::Option* o) { return o->nonpositional(); });
        if (!options.empty()) {
            out << "\noptions:\n";
            for (const CLI::Option* o : options) out << make_option(o, false);
        }
        const auto positionals = app->get_options([](const CLI::Option* o) { return !o->nonpositional(); });
        if (!positionals.empty()) {
            out << "\narguments:\n";
            for (const CLI::Option* o : positionals) out << make_option(o, true);
        }
        const auto commands = app->get_subcommands([](const CLI::App*) { return true; });
        if (!commands.empty()) {
            out << "\ncommands:\n";
            for (const CLI::App* c : commands) out << make_subcommand(c);
        }
        return out.str();
    }

    std::string make_usage(const CLI::App* app, std::string name) const override {
        if (!app->get_subcommands([](const CLI::App*) { return true; }).empty()) {
            return "usage: " + name + " <command> [options]     (" + name + " <command> --help: that command's options)\n";
        }
        return "usage: " + synopsis(app, name, 7) + "\n";
    }

    // A command in the list of commands: its description, and its synopsis under it.
    std::string make_subcommand(const CLI::App* sub) const override {
        const std::string name = sub->get_parent()->get_name() + " " + sub->get_name();
        std::string line = "  " + sub->get_name();
        line.resize(std::max<std::size_t>(line.size() + 1, 12), ' ');
        return line + sub->get_description() + "\n" + std::string(12, ' ') + synopsis(sub, name, 12) + "\n";
    }

    // "  --name VALUE" and its description from kOptionColumn on (on a line of its own after a long name),
    // wrapped at kWidth.
    std::string make_option(const CLI::Option* o, bool positional) const override {
        std::string out = "  " + make_option_name(o, positional) + (positional ? "" : make_option_opts(o));
        if (out.size() + 1 > kOptionColumn) {
            out += "\n" + std::string(kOptionColumn - 1, ' ');
        } else {
            out.resize(kOptionColumn - 1, ' ');
        }
        return out + wrap(split_words(make_option_desc(o)), kOptionColumn - 1, kOptionColumn) + "\n";
    }

    std::string make_option_name(const CLI::Option* o, bool positional) const override {
        std::string names = CLI::Formatter::make_option_name(o, positional);
        for (std::size_t i = names.find(','); i != std::string::npos; i = names.find(',', i + 2)) names.insert(i + 1, " ");
        return names;
    }

    std::string make_option_opts(const CLI::Option* o) const override {
        return takes_value(o) ? " " + o->get_type_name() : "";
    }

    std::string make_option_desc(const CLI::Option* o) const override {
        std::string d = o->get_description();
        if (o->get_required()) {
            d += " (required)";
        } else if (takes_value(o) && !o->get_default_str().empty()) {
            d += " (default " + o->get_default_str() + ")";
        }
        return d;
    }

private:
    static bool takes_value(const CLI::Option* o) { return o->get_type_size() != 0 && !o->get_type_name().empty(); }

    // "NAME --layer L.json [--backend B] [--allow-inexact] FILE...", starting at column `column` and wrapped
    // at kWidth with continuation lines under the first option.
    static std::string synopsis(const CLI::App* app, const std::string& name, std::size_t column) {
        std::vector<std::string> words;
        for (const CLI::Option* o : app->get_options([](const CLI::Option*) { return true; })) {
            if (o == app->get_help_ptr()) continue;
            std::string w = o->nonpositional() ? o->get_name() : o->get_type_name();
            if (o->nonpositional() && takes_value(o)) w += " " + o->get_type_name();
            if (!o->nonpositional() && o->get_expected_max() > 1) w += "...";
            words.push_back(o->get_required() ? w : "[" + w + "]");
        }
        return name + wrap(words, column + name.size(), column + name.size() + 1);
    }

    // The words, each after a space, from column `column` on; a word that would pass kWidth starts a new
    // line indented by `indent`.
    static std::string wrap(const std::vector<std::string>& words, std::size_t column, std::size_t indent) {
        std::string out;
        for (const std::string& w : words) {
            if (column + 1 + w.size() > kWidth && column > indent) {
                out += "\n" + std::string(indent, ' ') + w;
                column = indent + w.size();
            } else {
                out += ' ' + w;
                column += 1 + w.size();
            }
        }
        return out;
    }

    static std::vector<std::string> split_words(const std::string& text) {
        std::vector<std::string> words;
        std::istringstream in(text);
        for (std::string w; in >> w;) words.push_back(w);
        return words;
    }
};

}  // namespace

void configure(CLI::App& app) {
    app.formatter(std::make_shared<HelpFormatter>());
    app.set_help_flag("-h,--help", "print this help and exit");
    app.option_defaults()->always_capture_default();
    // A repeated option takes its last value, as the parser before CLI11 did: scripts/seed passes
    // --backend all before the user's own arguments, which may choose another.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    // Unknown arguments are kept and reported by parse() in the project's words.
    app.allow_extras();
}

namespace {

// The first argument nobody took, as a usage error.
void reject_extras(const CLI::App& app) {
    for (const CLI::App* sub : app.get_subcommands()) reject_extras(*sub);
    const std::vector<std::string> extras = app.remaining(false);
    if (extras.empty()) return;
    const std::string& a = extras.front();
    if (a.size() > 1 && a[0] == '-') throw UsageError("unknown option " + a.substr(0, a.find('=')));
    const bool takes_commands = !app.get_subcommands([](const CLI::App*) { return true; }).empty();
    if (takes_commands && app.get_subcommands().empty()) {
        throw UsageError("unknown command '" + a + "' (try '" + app.get_name() + " --help')");
    }
    throw UsageError("unexpected argument '" + a + "'");
}

}  // namespace

CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& description) {
    CLI::App* sub = parent.add_subcommand(name, description);
    configure(*sub);
    parent.require_subcommand(0, 1);
    return sub;
}

CLI::Option* check(CLI::Option* o, const std::string& accepts, std::function<std::string(const std::string&)> problem) {
    const std::string name = o->get_name();
    // Thrown rather than returned: CLI11 would prefix its own "NAME: " to a returned message.
    o->check(CLI::Validator(
        [name, problem](std::string& s) {
            const std::string p = problem(s);
            if (!p.empty()) throw UsageError(name + " " + p + ", got '" + s + "'");
            return std::string();
        },
        ""));
    if (!accepts.empty()) o->description(o->get_description() + (o->get_description().empty() ? "" : ", ") + accepts);
    return o;
}

CLI::Option* integer_in(CLI::Option* o, long long lo, long long hi) {
    const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    return check(o, "an integer in " + range, [lo, hi, range](const std::string& s) {
        char* end = nullptr;
        errno = 0;
        const long long v = std::strtoll(s.c_str(), &end, 10);
        const bool ok = !s.empty() && *end == '\0' && errno != ERANGE && v >= lo && v <= hi;
        return ok ? std::string() : "must be an integer in " + range;
    });
}

namespace {
// s as a whole as a finite real, or NaN.
double finite_real(const std::string& s) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    return s.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v) ? std::nan("") : v;
}
}  // namespace

CLI::Option* positive_finite(CLI::Option* o) {
    return check(o, "a finite number > 0", [](const std::string& s) {
        return finite_real(s) > 0.0 ? std::string() : "must be a finite number > 0";
    });
}

CLI::Option* probability(CLI::Option* o) {
    return check(o, "a probability in [0, 1]", [](const std::string& s) {
        const double v = finite_real(s);
        return v >= 0.0 && v <= 1.0 ? std::string() : "must be a probability in [0, 1]";
    });
}

CLI::Option* one_of(CLI::Option* o, const std::vector<std::string>& names) {
    std::string joined;
    for (const std::string& n : names) joined += (joined.empty() ? "" : "|") + n;
    o->type_name(joined);
    return check(o, "", [names, joined](const std::string& s) {
        for (const std::string& n : names) {
            if (s == n) return std::string();
        }
        return "must be one of " + joined;
    });
}

std::string help(const CLI::App& app, const std::string& name) {
    return app.get_formatter()->make_help(&app, name, CLI::AppFormatMode::Normal);
}

std::optional<int> parse(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
        reject_extras(app);
        return std::nullopt;
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, std::cout, std::cerr);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, std::cout, std::cerr);
    } catch (const CLI::ParseError& e) {
        std::cerr << app.get_name() << ": error: " << e.what() << '\n';
    } catch (const UsageError& e) {
        std::cerr << app.get_name() << ": error: " << e.what() << '\n';
    }
    return kUsageStatus;
}

}  // namespace qmac::cli
