"""The transaction processor's parking places: csv-validation's and anomaly detection's on-failure queues.

stack.py takes both queues' construct ids from here; the timeouts and the
stream's batch size are its settings.
"""

from stacks.parking import Kind, ParkingPlace, parked_alarm
from stacks.transaction_processor import settings
from stacks.transaction_processor.names import TransactionProcessorNames

CSV_VALIDATION_FAILURES = "csv-validation-failures"  # csv-validation's asynchronous on-failure destination
ANOMALY_DETECTION_FAILURES = "anomaly-detection-failures"  # the transaction stream mapping's on-failure destination


def places(system: str, suffix: str) -> list[ParkingPlace]:
    names = TransactionProcessorNames(suffix)
    return [
        ParkingPlace(system, CSV_VALIDATION_FAILURES, names.csv_validation_failures_queue, Kind.LAMBDA_ON_FAILURE,
                     parked_alarm(names.alarm_topic, CSV_VALIDATION_FAILURES),
                     function=names.csv_validation_function,
                     function_timeout_seconds=settings.CSV_VALIDATION_TIMEOUT_SECONDS),
        ParkingPlace(system, ANOMALY_DETECTION_FAILURES, names.anomaly_detection_failures_queue,
                     Kind.STREAM_ON_FAILURE, parked_alarm(names.alarm_topic, ANOMALY_DETECTION_FAILURES),
                     function=names.anomaly_detection_function,
                     function_timeout_seconds=settings.ANOMALY_DETECTION_TIMEOUT_SECONDS,
                     batch_size=settings.STREAM_BATCH_SIZE, table=names.transactions_table,
                     lookup_table=names.upload_results_table),
    ]
