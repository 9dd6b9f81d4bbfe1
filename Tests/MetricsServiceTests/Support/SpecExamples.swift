/// The request bodies of the spec's curl walk-through, verbatim.
enum SpecExamples {
    static let register = """
        {
            "name": "my-agent", 
            "project": "my-project"
          }
        """

    static let version = """
        {
            "version": "1.0.2",
            "cluster": "123",
            "tools": ["tool1", "tool2"],
            "models": ["model1", "model2"],
            "deployment": "prod"
          }
        """

    static let singleRun = """
        {
            "created": "2023-08-01T12:00:00Z",
            "status": "completed",
            "time_taken": "5m30s",
            "initiator": "user123",
            "tools": ["tool1", "tool2"],
            "cost": 0.1,
            "models": ["model1", "model2"],
            "id": 123,
            "task_id": 12
          }
        """

    static let batch = """
        {
            "runs": [
              {
                "created": "2023-08-01T12:00:00Z",
                "status": "completed",
                "time_taken": "5m30s",
                "initiator": "user123",
                "tools": ["tool1", "tool2"],
                "cost": 0.1,
                "models": ["model1", "model2"],
                "id": 123,
                "task_id": 12
              },
              {
                "created": "2023-08-01T13:00:00Z",
                "status": "failed",
                "time_taken": "2m10s",
                "initiator": "user456",
                "tools": ["tool3", "tool4"],
                "cost": 0.05,
                "models": ["model3"],
                "id": 124,
                "task_id": 13
              }
            ]
          }
        """
}
