<?php

declare(strict_types=1);

namespace Dtks;

/**
 * A libdtks report handle, read page by page and freed with its object.
 *
 * @internal
 */
final class FfiReport implements ReportSource
{
    public function __construct(private FfiBackend $lib, private ?\FFI\CData $report)
    {
    }

    public function __destruct()
    {
        if ($this->report !== null) {
            $this->lib->ffi()->dtks_bulk_report_free($this->report);
            $this->report = null;
        }
    }

    public function summary(): array
    {
        $out = $this->lib->ffi()->new('char*');
        $this->lib->check($this->lib->ffi()->dtks_bulk_report_summary_json($this->report, \FFI::addr($out)));
        return FfiBackend::json($this->lib->take($out));
    }

    public function problemCount(): int
    {
        return (int)$this->lib->ffi()->dtks_bulk_report_problem_count($this->report);
    }

    public function problems(int $start, int $count): array
    {
        $out = $this->lib->ffi()->new('char*');
        $this->lib->check($this->lib->ffi()->dtks_bulk_report_problems_json($this->report, $start, $count, \FFI::addr($out)));
        return array_values(FfiBackend::json($this->lib->take($out)));
    }

    public function html(string $lang): string
    {
        $out = $this->lib->ffi()->new('char*');
        $code = $lang === 'en' ? FfiBackend::LANG_EN : FfiBackend::LANG_ID;
        $this->lib->check($this->lib->ffi()->dtks_bulk_report_html($this->report, $code, \FFI::addr($out)));
        return $this->lib->take($out);
    }
}
