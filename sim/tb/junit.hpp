// JUnit XML, the test-result format CI dashboards read (GitLab, Jenkins, GitHub test reporters): test
// suites of test cases, each passed or failed with a message.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace qmac::tb {

struct JunitCase {
    std::string name;
    std::string failure;  // empty: passed; else the one-line message
    std::string details;  // the failure's longer text (the reproducer, the empty bins)
};

struct JunitSuite {
    std::string name;
    double seconds = 0;
    std::vector<std::pair<std::string, std::string>> properties;  // the run's configuration and counts
    std::vector<JunitCase> cases;
};

// The XML document of the suites (a <testsuites> root with the summed counts).
std::string junit_xml(const std::vector<JunitSuite>& suites);
// Writes it to path through a temporary file; throws std::runtime_error("cannot write PATH").
void write_junit(const std::vector<JunitSuite>& suites, const std::string& path);

}  // namespace qmac::tb
