// Command-line option parsing for the qmac program: typed values, range checks, one-line errors.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace qmac::cli {

// A user error: printed as "qmac: error: <what>" with exit status 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "--name value" and "--name=value" options after a subcommand, and "--flag" switches without a value;
// every option must be known.
class Options {
public:
    Options(const std::vector<std::string>& args, const std::vector<std::string>& known,
            const std::vector<std::string>& flags = {});
    bool has(const std::string& name) const { return values_.count(name) != 0; }
    std::string text(const std::string& name, const std::string& fallback) const;
    // An integer in [lo, hi]; throws UsageError naming the option and the offending text.
    long integer(const std::string& name, long fallback, long lo, long hi) const;
    // A finite real > 0 (NaN, inf, trailing junk rejected).
    double positive_real(const std::string& name, double fallback) const;

private:
    std::map<std::string, std::string> values_;
};

}  // namespace qmac::cli
