#include "junit.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace qmac::tb {

namespace {

// Text as XML character data or attribute value: markup characters escaped, and control characters that
// XML 1.0 cannot carry at all replaced (a failure message may quote anything).
std::string xml(const std::string& s) {
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c < 0x20 && ch != '\n' && ch != '\t' && ch != '\r' ? '?' : ch;
        }
    }
    return out;
}

std::size_t failures(const JunitSuite& s) {
    std::size_t n = 0;
    for (const JunitCase& c : s.cases) n += !c.failure.empty();
    return n;
}

}  // namespace

std::string junit_xml(const std::vector<JunitSuite>& suites) {
    std::size_t tests = 0, failed = 0;
    double seconds = 0;
    for (const JunitSuite& s : suites) {
        tests += s.cases.size();
        failed += failures(s);
        seconds += s.seconds;
    }
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites tests=\"" << tests << "\" failures=\"" << failed << "\" errors=\"0\" time=\"" << seconds << "\">\n";
    for (const JunitSuite& s : suites) {
        x << "  <testsuite name=\"" << xml(s.name) << "\" tests=\"" << s.cases.size() << "\" failures=\"" << failures(s)
          << "\" errors=\"0\" skipped=\"0\" time=\"" << s.seconds << "\">\n";
        if (!s.properties.empty()) {
            x << "    <properties>\n";
            for (const auto& [k, v] : s.properties) x << "      <property name=\"" << xml(k) << "\" value=\"" << xml(v) << "\"/>\n";
            x << "    </properties>\n";
        }
        for (const JunitCase& c : s.cases) {
            x << "    <testcase classname=\"" << xml(s.name) << "\" name=\"" << xml(c.name) << "\" time=\"0\"";
            if (c.failure.empty()) {
                x << "/>\n";
            } else {
                x << ">\n      <failure message=\"" << xml(c.failure) << "\">" << xml(c.details.empty() ? c.failure : c.details)
                  << "</failure>\n    </testcase>\n";
            }
        }
        x << "  </testsuite>\n";
    }
    x << "</testsuites>\n";
    return x.str();
}

void write_junit(const std::vector<JunitSuite>& suites, const std::string& path) {
    const std::string tmp = path + ".tmp";
    std::ofstream f(tmp);
    f << junit_xml(suites);
    f.close();
    if (!f || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot write " + path);
    }
}

}  // namespace qmac::tb
